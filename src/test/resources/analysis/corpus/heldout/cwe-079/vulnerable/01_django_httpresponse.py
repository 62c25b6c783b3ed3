from django.http import HttpResponse


def flash_message(request):
    msg = request.GET.get("msg", "")
    return HttpResponse("<div class='flash'>" + msg + "</div>")
