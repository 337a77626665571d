"""What the parts' request pages share: finding the request for one of its sides, running a form's
service on it, one-button actions and serving its private files. The part keeps its templates,
forms, services and wording."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from core.exceptions import RateLimited
from core.forms import apply_errors


def request_for(queryset, request, pk):
    """The request `pk` and this person's side in it; everyone else (editors included) gets 404."""
    thread = get_object_or_404(queryset, pk=pk)
    side = thread.side_of(request.user)
    if side is None:
        raise Http404
    return thread, side


def submit(request, form, call, *, success=None):
    """For a posted, valid form run ``call(cleaned_data)`` (the part's service) and return its result;
    the service's refusal goes on the form and None is returned (nothing done). ``success(result)``
    is the message shown after it worked."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    if success:
        messages.success(request, success(result))
    return result


def form_status(request):
    """The status of a form page shown again: 400 after a refused post, else 200."""
    return 400 if request.method == "POST" else 200


def run_form(request, thread, form, call, *, page, say_refusal=False):
    """Validate `form` and run ``call(cleaned_data)`` on the request; back to it when done.

    On failure ``page(status)`` shows the request again with the form's errors, nothing saved: 400, or
    429 when the service says the person is too fast. With `say_refusal` the refusal is also said at
    the top of the page (for forms the page may no longer show at this stage).
    """
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except RateLimited as error:
            form.add_error(None, str(error))
            if say_refusal:
                messages.error(request, str(error))
            return page(429)
        else:
            return redirect(thread)
    if say_refusal:
        reasons = list(form.non_field_errors()) or [_("Please correct the errors below.")]
        messages.error(request, _("Nothing was saved: %(reasons)s") % {"reasons": " ".join(reasons)})
    return page(400)


def act(request, thread, call, success_message=None):
    """A one-button action: run ``call()`` (the part's service), say what went wrong or right, go back."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if success_message:
            messages.success(request, success_message)
    return redirect(thread)


def file_response(field, name, content_type, *, public=False):
    """A private file as a download; kept out of shared caches (a public one may be cached privately)."""
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300" if public else "private, no-store"
    return response


def serve_file(request, thread, file_pk, *, may_download, refuse=PermissionDenied):
    """One of the request's thread files, if ``may_download(thread_file, user)`` (the part's check);
    else `refuse` is raised. A file of another request is 404."""
    thread_file = get_object_or_404(thread.files, pk=file_pk)
    if not may_download(thread_file, request.user):
        raise refuse
    return file_response(thread_file.file, thread_file.original_name, thread_file.content_type)
