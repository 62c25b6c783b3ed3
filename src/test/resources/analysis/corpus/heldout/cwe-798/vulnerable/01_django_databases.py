DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "django-shop-pw-42",
        "HOST": "localhost",
        "PORT": "5432",
    }
}
