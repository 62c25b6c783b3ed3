from django.http import JsonResponse
from .models import Customer


def customer_search(request):
    surname = request.GET.get("surname", "")
    matches = Customer.objects.raw(
        "SELECT * FROM shop_customer WHERE last_name = '%s'" % surname
    )
    return JsonResponse({"ids": [c.id for c in matches]})
