app_name = "enforcement_portal"

urlpatterns: list = []
