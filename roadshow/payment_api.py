"""API for paying a pass other than by card, under /api/v1/roadshow/: invoices and the bank-transfer desk.

Registering with ``payment_method`` and ``voucher_code`` is part of the sessions' ``registrations``
action (``roadshow.api``). Marking paid, importing a statement and recording a refund are for editors
and call the same functions as the editors' pages and the admin (``roadshow.banking``,
``roadshow.statements``); a non-editor gets 403 from the service and nothing changes.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import banking, invoices, statements
from .models import BankColumnMapping, BankTransfer, Registration
from .payment_serializers import (
    EditorBankTransferSerializer,
    InvoiceRequestSerializer,
    RefundInputSerializer,
    StatementImportSerializer,
    StatementInputSerializer,
)


class IsEditor(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_editor)


class InvoiceRequestView(APIView):
    """Your invoice request (发票) for a paid pass."""

    permission_classes = [permissions.IsAuthenticated]

    def _registration(self, request, pk):
        registration = Registration.objects.filter(session_id=pk, user=request.user).first()
        if registration is None:
            raise NotFound(_("You are not registered for this session."))
        return registration

    @extend_schema(
        summary="Your invoice request for this session",
        responses={200: InvoiceRequestSerializer, 404: OpenApiResponse(description="No request yet.")},
    )
    def get(self, request, pk):
        invoice = getattr(self._registration(request, pk), "invoice_request", None)
        if invoice is None:
            raise NotFound(_("No invoice request yet."))
        return Response(InvoiceRequestSerializer(invoice).data)

    @extend_schema(
        summary="Request an invoice for a paid pass (or correct the request before it is issued)",
        request=InvoiceRequestSerializer,
        responses={
            200: InvoiceRequestSerializer,
            400: OpenApiResponse(description="Not paid yet, already issued, or a detail is wrong."),
        },
    )
    def post(self, request, pk):
        registration = self._registration(request, pk)
        data = InvoiceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invoice = invoices.request_invoice(
            registration=registration, user=request.user, **data.validated_data
        )
        return Response(InvoiceRequestSerializer(invoice).data)


class BankTransferListView(generics.ListAPIView):
    """Bank transfers for editors, awaiting ones first by deadline; ?status= to filter."""

    serializer_class = EditorBankTransferSerializer
    permission_classes = [IsEditor]

    def get_queryset(self):
        transfers = BankTransfer.objects.select_related("registration__user").order_by("due_at", "pk")
        wanted = self.request.query_params.get("status")
        if wanted in BankTransfer.Status.values:
            transfers = transfers.filter(status=wanted)
        return transfers


def _transfer(reference):
    return get_object_or_404(BankTransfer, reference=str(reference).strip().upper())


class MarkPaidView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Mark a bank transfer paid (editors)",
        request=None,
        responses={200: EditorBankTransferSerializer, 403: OpenApiResponse(description="Not an editor.")},
    )
    def post(self, request, reference):
        transfer = _transfer(reference)
        banking.mark_paid(transfer=transfer, by=request.user)
        transfer.refresh_from_db()
        return Response(EditorBankTransferSerializer(transfer).data)


class RefundView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Record the refund of a bank-paid pass (editors)",
        request=RefundInputSerializer,
        responses={200: EditorBankTransferSerializer, 403: OpenApiResponse(description="Not an editor.")},
    )
    def post(self, request, reference):
        transfer = _transfer(reference)
        data = RefundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = banking.record_refund(transfer=transfer, by=request.user, **data.validated_data)
        return Response(EditorBankTransferSerializer(transfer).data)


class StatementImportView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import a bank statement (CSV, UTF-8 or GBK) and mark matching transfers paid (editors)",
        request={"multipart/form-data": StatementInputSerializer},
        responses={
            201: StatementImportSerializer,
            400: OpenApiResponse(description="The file cannot be read; nothing changed."),
            403: OpenApiResponse(description="Not an editor."),
        },
    )
    def post(self, request):
        if not request.user.is_editor:
            return Response(
                {"detail": _("Only editors can import statements.")}, status=status.HTTP_403_FORBIDDEN
            )
        data = StatementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        content = values.pop("statement").read()
        columns = {
            key: values[key] for key in ("date_column", "amount_column", "payer_column", "reference_column")
        }
        statements.read_statement(content=content, mapping=BankColumnMapping(**columns))
        mapping = statements.save_mapping(bank_name=values["bank_name"], **columns)
        statement = statements.import_statement(
            content=content, filename=request.data["statement"].name, mapping=mapping, by=request.user
        )
        return Response(StatementImportSerializer(statement).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("roadshow/sessions/<id:pk>/invoice/", InvoiceRequestView.as_view(), name="api-roadshow-invoice"),
    path("roadshow/bank-transfers/", BankTransferListView.as_view(), name="api-roadshow-bank-transfers"),
    path(
        "roadshow/bank-transfers/<str:reference>/paid/",
        MarkPaidView.as_view(),
        name="api-roadshow-transfer-paid",
    ),
    path(
        "roadshow/bank-transfers/<str:reference>/refund/",
        RefundView.as_view(),
        name="api-roadshow-transfer-refund",
    ),
    path("roadshow/bank-statements/", StatementImportView.as_view(), name="api-roadshow-bank-statements"),
]
