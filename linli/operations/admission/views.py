from django.http import HttpResponse


def index(request):  # placeholder
    return HttpResponse("")
