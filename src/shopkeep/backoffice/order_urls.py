from django.urls import path

from shopkeep.backoffice import customer_views, order_views

app_name = "backoffice_orders"
urlpatterns = [
    path("orders/", order_views.order_list, name="list"),
    path("orders/<str:number>/", order_views.order_detail, name="detail"),
    path("orders/<str:number>/cancel/", order_views.order_cancel_confirm, name="cancel"),
    path("orders/<str:number>/refund/", order_views.order_refund, name="refund"),
    path("orders/<str:number>/note/", order_views.order_note, name="note"),
    path("orders/<str:number>/resend/", order_views.order_resend, name="resend"),
    path("orders/<str:number>/invoice/", order_views.invoice, name="invoice"),
    path("orders/<str:number>/invoice.pdf", order_views.invoice_pdf, name="invoice_pdf"),
    path("orders/<str:number>/packing-slip/", order_views.packing_slip, name="packing_slip"),
    path("orders/<str:number>/packing-slip.pdf", order_views.packing_slip_pdf, name="packing_slip_pdf"),
    path("returns/<int:pk>/refuse/", order_views.return_refuse, name="return_refuse"),
    path("replacements/<int:pk>/", order_views.replacement_dispatch, name="replacement"),
    path("customers/", customer_views.customer_list, name="customers"),
    path("customers/<str:number>/", customer_views.customer_detail, name="customer"),
]
