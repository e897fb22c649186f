"""The public rights-request form: every field limited in size and checked with a clear message."""

import re
import unicodedata

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import RequestType

# Anything below a space except tab, newline and carriage return: never useful in a request,
# and some databases refuse NUL outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A line break in a one-line field is how mail header injection starts; refuse it.
SINGLE_LINE = RegexValidator(
    r"[\r\n\x00-\x1f\x7f\u2028\u2029\x85]",
    inverse_match=True,
    message=_("Write this on one line."),
)
PHONE = RegexValidator(
    r"^\+?[0-9 ()./-]{5,40}$",
    message=_("Enter a phone number with digits only, for example +358 40 123 4567."),
)

HONEYPOT_FIELD = "website"


def has_letter(text: str) -> bool:
    """True when some character is a letter: zero-width and other invisible ones are not."""
    return any(character.isalpha() for character in text)


def strip_invisible(text: str) -> str:
    """Without surrounding space and invisible format characters (zero-width space, joiners,
    direction marks), which a reader cannot see and a search cannot find."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or unicodedata.category(text[start]) == "Cf"):
        start += 1
    while end > start and (text[end - 1].isspace() or unicodedata.category(text[end - 1]) == "Cf"):
        end -= 1
    return text[start:end]


class RightsRequestForm(forms.Form):
    """What a data subject asks, and how to reach them. The honeypot catches simple bots."""

    request_type = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=RequestType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want to do.")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[SINGLE_LINE],
        help_text=_("So that we can find your data."),
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Shorten your name to at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a confirmation link here, and answer you at this address."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the form name@example.com."),
            "max_length": _("Shorten the email address to at most %(limit_value)d characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=40,
        validators=[PHONE],
        error_messages={
            "max_length": _("Shorten the phone number to at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    message = forms.CharField(
        label=_("Your request"),
        max_length=5000,
        help_text=_(
            "Tell us what you would like us to do, and anything that helps us find your data. "
            "At most 5000 characters."
        ),
        error_messages={
            "required": _("Describe your request."),
            "max_length": _(
                "Shorten your request to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Hidden from people by the `hidden` attribute, so also without any stylesheet, and from
    # assistive technology; simple bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_message(self) -> str:
        message = strip_invisible(CONTROL_CHARACTERS.sub("", self.cleaned_data["message"]))
        if not message:
            raise forms.ValidationError(_("Describe your request."), code="required")
        if not any(character.isalnum() for character in message):
            raise forms.ValidationError(_("Describe your request in words."), code="no_letters")
        return message

    def clean_name(self) -> str:
        name = strip_invisible(self.cleaned_data["name"])
        if not has_letter(name):
            raise forms.ValidationError(
                _("Enter your name in letters, so that we can find your data."),
                code="no_letters",
            )
        return name

    def clean_website(self) -> str:
        # A person whose browser filled it in (autofill) is told and loses nothing; a bot that
        # fills it again is refused again, and nothing is stored either way.
        if self.cleaned_data[HONEYPOT_FIELD].strip():
            raise forms.ValidationError(
                _(
                    "Leave this field empty: it is there to stop automated spam. Empty it and "
                    "send your request again."
                ),
                code="honeypot",
            )
        return ""

    def visible_fields(self) -> list:
        return [f for f in super().visible_fields() if f.name != HONEYPOT_FIELD]
