app_name = "feedback_portal"

urlpatterns: list = []
