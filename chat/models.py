# Conversations, messages and moderation arrive with the chat issue.
