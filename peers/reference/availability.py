"""The 21 weekly time slots people say they are free in, as the matcher names them."""

from django.utils.translation import gettext_lazy as _

DAYS = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)
PARTS = (("am", _("Morning")), ("pm", _("Afternoon")), ("eve", _("Evening")))
SLOTS: tuple[str, ...] = tuple(f"{day}-{part}" for day, _day in DAYS for part, _part in PARTS)
