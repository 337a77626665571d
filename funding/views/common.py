"""What the funding pages share: running a service from a form and serving private files."""

from django.http import FileResponse


def file_response(field, name, content_type):
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
