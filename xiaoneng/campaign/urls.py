from django.urls import path

from xiaoneng.campaign import views

app_name = "campaign"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_campaign, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/manage/<slug:action>/", views.manage, name="manage"),
    path("<int:pk>/board/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("<int:pk>/checklist/", views.checklist, name="unit_checklist"),
    path("<int:pk>/checklist/mine/", views.checklist, {"personal": True}, name="my_checklist"),
    path("<int:pk>/sessions/", views.sessions, name="sessions"),
    path("<int:pk>/sessions/new/", views.schedule, name="schedule"),
    path("tasks/<int:pk>/done/", views.complete_task, name="complete_task"),
    path("submissions/<int:pk>/", views.submit_plan, name="submit"),
    path("problems/", views.ledger, name="ledger"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/<int:pk>/<slug:action>/", views.problem_action, name="problem_action"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/<slug:action>/", views.session_action, name="session_action"),
    path("checks/", views.checks, name="checks"),
    path("checks/new/", views.record_check, name="record_check"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:pk>/explain/", views.explain, name="explain"),
]
