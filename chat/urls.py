from django.urls import path

from chat.views import conversations, moderation

app_name = "chat"

urlpatterns = [
    path("", conversations.conversation_list, name="conversation-list"),
    path("team/", conversations.team_conversation, name="team"),
    path("<int:pk>/", conversations.conversation_detail, name="conversation"),
    path("<int:pk>/since/", conversations.messages_since, name="messages-since"),
    path(
        "<int:pk>/messages/<int:message_id>/report/",
        conversations.message_report,
        name="message-report",
    ),
    path("cases/", moderation.case_list, name="case-list"),
    path("cases/<int:pk>/", moderation.case_detail, name="case"),
    path("cases/<int:pk>/<str:action>/", moderation.case_action, name="case-action"),
]
