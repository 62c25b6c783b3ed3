from django.http import HttpResponseRedirect


def return_to(request):
    return HttpResponseRedirect(request.GET["return_to"])
