"""REST API for the notification centre under /api/v1/notifications/: each person sees only their own."""

from django.urls import path
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "action_deadline", "created_at", "read_at"]


class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class UnreadCountView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = UnreadCountSerializer

    def get(self, request):
        return Response(
            {"unread": Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()}
        )


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class MarkReadView(APIView):
    """POST {"ids": [...]} marks those read; without ids, all of yours."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MarkReadSerializer

    def post(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = services.mark_read(user=request.user, notification_ids=serializer.validated_data.get("ids"))
        return Response({"marked": count})


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notifications-api-list"),
    path("notifications/unread-count/", UnreadCountView.as_view(), name="notifications-api-unread"),
    path("notifications/mark-read/", MarkReadView.as_view(), name="notifications-api-mark-read"),
]
