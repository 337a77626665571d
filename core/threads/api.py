"""The messages API of a private thread, which each part parametrises with its request queryset,
message model and posting service. Refusals reach the client through ``core.api.exception_handler``."""

from django.shortcuts import get_object_or_404
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response


def participant_request(queryset, request, pk):
    """The request `pk` if this person takes part in it; everyone else (editors included) gets 404."""
    thread = get_object_or_404(queryset, pk=pk)
    if thread.side_of(request.user) is None:
        raise NotFound
    return thread


class ThreadMessageSerializer(serializers.ModelSerializer):
    """A message: a part subclasses it with ``class Meta(ThreadMessageSerializer.Meta): model = …``."""

    author = serializers.CharField(read_only=True)

    class Meta:
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class ThreadMessagesView(generics.ListAPIView):
    """GET lists the thread's messages, POST {"body": …} writes one; 404 for anyone outside the request.

    A part sets ``serializer_class``, ``requests`` (its request queryset, with the related rows
    ``side_of`` reads) and ``post_message(thread, author, body)`` (its service).
    """

    permission_classes = [permissions.IsAuthenticated]
    throttle_scope = "messages"
    requests = None

    def post_message(self, thread, author, body):
        raise NotImplementedError

    def get_thread(self):
        return participant_request(self.requests, self.request, self.kwargs["pk"])

    def get_queryset(self):
        return self.get_thread().messages.select_related("author")

    def post(self, request, pk):
        thread = self.get_thread()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = self.post_message(thread, request.user, serializer.validated_data["body"])
        return Response(self.get_serializer(message).data, status=status.HTTP_201_CREATED)
