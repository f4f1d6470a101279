from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.feedback_create_view, name="feedback-create"),
    path("feedback/follow/", views.feedback_follow_view, name="feedback-follow"),
    path("feedback/mine/", views.feedback_mine, name="feedback-mine"),
    path(
        "feedback/mine/<str:reference>/",
        views.feedback_mine_detail,
        name="feedback-mine-detail",
    ),
    path("you-said-we-did/", views.published_change_list, name="published-change-list"),
    path("coordinator/feedback/", views.feedback_queue, name="feedback-queue"),
    path("coordinator/feedback/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path(
        "coordinator/feedback/<int:pk>/acknowledge/",
        views.feedback_acknowledge_view,
        name="feedback-acknowledge",
    ),
    path(
        "coordinator/feedback/<int:pk>/resolve/",
        views.feedback_resolve_view,
        name="feedback-resolve",
    ),
    path(
        "coordinator/you-said-we-did/",
        views.published_change_manage,
        name="published-change-manage",
    ),
    path(
        "coordinator/you-said-we-did/<int:pk>/withdraw/",
        views.published_change_withdraw_view,
        name="published-change-withdraw",
    ),
]
