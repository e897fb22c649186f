"""The sections of a privacy notice as structured blocks, one per GDPR Art. 13/14 item.

Every section has a default heading in the page's language that an editor may override, its own
template, and cross-field rules that explain themselves in the editor's words.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from cookies.declarations import declared_cookie_groups

from .models.snippets import SupervisoryAuthority
from .vocabulary import (
    LEGAL_BASES,
    REQUIREMENT_KINDS,
    RIGHTS,
    SECURITY_MEASURES,
    SOURCE_KINDS,
    SPECIAL_CATEGORY_CONDITIONS,
    TRANSFER_MECHANISMS,
)

GROUP_WHO = _("Who is responsible")
GROUP_WHAT = _("What data and why")
GROUP_SHARING = _("Sharing and transfers")
GROUP_KEEPING = _("Keeping and protecting")
GROUP_RIGHTS = _("Rights of the data subject")
GROUP_OTHER = _("Other")


class HeadedBlock(blocks.StructBlock):
    """Base of every notice section: an optional heading over a default in the page's language."""

    heading = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Heading"),
        help_text=_("Leave empty to use the standard heading, shown in the page's language."),
    )

    default_heading = _("Section")

    def heading_text(self, value) -> str:
        return (value.get("heading") or "").strip() or str(self.default_heading)

    def anchor(self, value) -> str:
        return slugify(self.name or "section").replace("_", "-") or "section"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = self.heading_text(value)
        context.setdefault("section_id", self.anchor(value))
        return context

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context=context)
        representation["heading_display"] = self.heading_text(value)
        return representation


class CompanyNameBlock(blocks.CharBlock):
    """A company's name: the same in every language, so it is copied to translations as it is
    in the original, never offered to a translator (where it could drift apart)."""

    def get_translatable_segments(self, value) -> list:
        return []

    def restore_translated_segments(self, value, segments):
        return value


class SectionBlock(HeadedBlock):
    """A typed section. Its `wording`, when given, is what readers see: an imported notice's
    own words, shown without the site's standard texts, while the typed fields still tell the
    completeness check and the TILT export what the section says."""

    wording = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("Text as written"),
        help_text=_(
            "The notice's own words for this section, for example from an imported notice. "
            "When filled, readers see this text instead of the standard texts and the fields "
            "below; the fields still tell the completeness check what the section says. Empty "
            "it to show the section from its fields."
        ),
    )

    def as_written(self, value) -> bool:
        return bool(value.get("wording") and str(value.get("wording").source).strip())


class ModelChooserBlock(SnippetChooserBlock):
    """A snippet chooser whose API output is the record itself, not just its id."""

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return value.api_representation()


class ControllerBlock(SectionBlock):
    """The controller's identity and contact details (Art. 13(1)(a))."""

    organisation = ModelChooserBlock(
        "seloste_notices.Organisation",
        required=False,
        label=_("Organisation"),
        help_text=_("The company responsible for the register."),
    )
    representative = blocks.TextBlock(
        required=False,
        label=_("Representative in the EU"),
        help_text=_("Only if the company is established outside the EU (Art. 27)."),
    )

    default_heading = _("Controller")
    articles = ("13(1)(a)",)

    class Meta:
        icon = "home"
        template = "notices/blocks/controller.html"
        label = _("Controller")
        group = GROUP_WHO
        description = _("The company responsible for the register, with business ID and address.")
        preview_value = {"organisation": None, "representative": ""}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("organisation") and not self.as_written(value):
            raise StructBlockValidationError(
                block_errors={
                    "organisation": ValidationError(
                        _("Choose the organisation, or give the controller as text as written.")
                    )
                }
            )
        return value


class ContactPersonBlock(SectionBlock):
    """Who to contact about the register; rights requests are routed to them."""

    person = ModelChooserBlock("seloste_notices.ContactPerson", label=_("Contact person"))
    note = blocks.TextBlock(
        required=False,
        label=_("Note"),
        help_text=_("For example the best way or time to reach them."),
    )

    default_heading = _("Contact person for matters concerning the register")
    articles = ("13(1)(a)",)

    class Meta:
        icon = "user"
        template = "notices/blocks/contact_person.html"
        label = _("Contact person")
        group = GROUP_WHO
        description = _("The person who answers questions and rights requests.")
        preview_value = {"person": None, "note": ""}


class DataProtectionOfficerBlock(SectionBlock):
    """The data protection officer, or an explicit statement that none is designated."""

    designated = blocks.ChoiceBlock(
        choices=[
            ("no", _("No data protection officer has been designated")),
            ("yes", _("A data protection officer has been designated")),
        ],
        default="no",
        label=_("Data protection officer"),
    )
    person = ModelChooserBlock(
        "seloste_notices.ContactPerson",
        required=False,
        label=_("Data protection officer"),
        help_text=_("Required when a data protection officer has been designated."),
    )
    note = blocks.TextBlock(required=False, label=_("Note"))

    default_heading = _("Data protection officer")
    articles = ("13(1)(b)",)

    class Meta:
        icon = "user"
        template = "notices/blocks/data_protection_officer.html"
        label = _("Data protection officer")
        group = GROUP_WHO
        description = _("The data protection officer's contact details, or that there is none.")
        preview_value = {"designated": "no", "person": None, "note": ""}

    def clean(self, value):
        value = super().clean(value)
        if value.get("designated") == "yes" and not value.get("person"):
            raise StructBlockValidationError(
                block_errors={
                    "person": ValidationError(
                        _("Choose the data protection officer, or select that none is designated.")
                    )
                }
            )
        return value


class RegisterNameBlock(SectionBlock):
    """The name of the register (processing activity) this notice describes."""

    name = blocks.CharBlock(max_length=200, label=_("Name of the register"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    default_heading = _("Name of the register")

    class Meta:
        icon = "tag"
        template = "notices/blocks/register_name.html"
        label = _("Name of the register")
        group = GROUP_WHO
        description = _("What the register is called, for example 'Customer register'.")
        preview_value = {"name": _("Customer register"), "description": ""}


class PurposeBlock(blocks.StructBlock):
    """One purpose of processing with its legal basis."""

    purpose = blocks.CharBlock(max_length=300, label=_("Purpose"))
    description = blocks.TextBlock(required=False, label=_("Description"))
    legal_basis = blocks.ChoiceBlock(
        choices=LEGAL_BASES.choices,
        label=_("Legal basis"),
        help_text=_("The ground in GDPR Art. 6(1) this purpose relies on."),
    )
    legitimate_interest = blocks.TextBlock(
        required=False,
        label=_("Legitimate interest"),
        help_text=_("Required for legitimate interests: what the interest is and why it weighs."),
    )
    special_category_condition = blocks.ChoiceBlock(
        choices=SPECIAL_CATEGORY_CONDITIONS.choices,
        required=False,
        label=_("Condition for special categories of data"),
        help_text=_("Only if this purpose uses health or other special category data (Art. 9)."),
    )

    class Meta:
        icon = "tick"
        label = _("Purpose")

    def clean(self, value):
        value = super().clean(value)
        if (
            value.get("legal_basis") == "legitimate_interests"
            and not (value.get("legitimate_interest") or "").strip()
        ):
            raise StructBlockValidationError(
                block_errors={
                    "legitimate_interest": ValidationError(
                        _("Describe the legitimate interest this purpose relies on.")
                    )
                }
            )
        return value


class PurposesBlock(SectionBlock):
    """The purposes of processing, each with its legal basis (Art. 13(1)(c) and (d))."""

    purposes = blocks.ListBlock(PurposeBlock(), min_num=1, label=_("Purposes"))

    default_heading = _("Purposes and legal bases of processing")
    articles = ("13(1)(c)", "13(1)(d)")

    class Meta:
        icon = "tick-inverse"
        template = "notices/blocks/purposes.html"
        label = _("Purposes and legal bases")
        group = GROUP_WHAT
        description = _("Why personal data are processed, each purpose with its legal basis.")
        preview_value = {
            "purposes": [
                {"purpose": _("Managing customer relationships"), "legal_basis": "contract"},
                {
                    "purpose": _("Developing our services"),
                    "legal_basis": "legitimate_interests",
                    "legitimate_interest": _("Improving the services our customers use."),
                },
            ]
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["purpose_rows"] = [
            {
                "value": purpose,
                "legal_basis_label": LEGAL_BASES.label(purpose.get("legal_basis")),
                "special_label": SPECIAL_CATEGORY_CONDITIONS.label(
                    purpose.get("special_category_condition")
                ),
            }
            for purpose in value.get("purposes") or []
        ]
        return context


class DataSubjectGroupBlock(blocks.StructBlock):
    group = blocks.CharBlock(max_length=200, label=_("Group"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "group"
        label = _("Group of data subjects")


class DataSubjectsBlock(SectionBlock):
    """Whose data the register holds: customers, prospects, newsletter subscribers…"""

    groups = blocks.ListBlock(DataSubjectGroupBlock(), min_num=1, label=_("Groups"))

    default_heading = _("Data subjects")

    class Meta:
        icon = "group"
        template = "notices/blocks/data_subjects.html"
        label = _("Data subjects")
        group = GROUP_WHAT
        description = _("The groups of people whose data are processed.")
        preview_value = {"groups": [{"group": _("Customers"), "description": ""}]}


class DataCategoryBlock(blocks.StructBlock):
    category = blocks.CharBlock(max_length=200, label=_("Category"))
    items = blocks.TextBlock(
        required=False,
        label=_("Data included"),
        help_text=_("For example: name, email address, phone number."),
    )
    special_category = blocks.BooleanBlock(
        required=False,
        label=_("Special category of data (Art. 9)"),
        help_text=_("Tick if the category contains health, union membership or other such data."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Data category")


class DataContentBlock(SectionBlock):
    """The categories of personal data processed (also Art. 14(1)(d))."""

    categories = blocks.ListBlock(DataCategoryBlock(), min_num=1, label=_("Categories"))

    default_heading = _("Personal data processed")
    articles = ("14(1)(d)",)

    class Meta:
        icon = "list-ul"
        template = "notices/blocks/data_content.html"
        label = _("Data content")
        group = GROUP_WHAT
        description = _("Which personal data the register contains, by category.")
        preview_value = {
            "categories": [
                {"category": _("Contact details"), "items": _("Name, email address, phone number")}
            ]
        }


class SourceBlock(blocks.StructBlock):
    source = blocks.CharBlock(max_length=200, label=_("Source"))
    kind = blocks.ChoiceBlock(
        choices=SOURCE_KINDS.choices, default="data_subject", label=_("Kind of source")
    )
    publicly_accessible = blocks.BooleanBlock(
        required=False,
        label=_("Publicly accessible source"),
        help_text=_("Tick if anyone can obtain the data from this source (Art. 14(2)(f))."),
    )
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "download"
        label = _("Source")


class SourcesBlock(SectionBlock):
    """Where the data come from, and whether a source is publicly accessible (Art. 14(2)(f))."""

    sources = blocks.ListBlock(SourceBlock(), min_num=1, label=_("Sources"))

    default_heading = _("Regular sources of data")
    articles = ("14(2)(f)",)

    class Meta:
        icon = "download"
        template = "notices/blocks/sources.html"
        label = _("Sources of data")
        group = GROUP_WHAT
        description = _("Where the personal data come from.")
        preview_value = {"sources": [{"source": _("The customer"), "kind": "data_subject"}]}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["source_rows"] = [
            {"value": source, "kind_label": SOURCE_KINDS.label(source.get("kind"))}
            for source in value.get("sources") or []
        ]
        return context


class RecipientBlock(blocks.StructBlock):
    recipient = blocks.CharBlock(max_length=200, label=_("Recipient or category of recipients"))
    reason = blocks.TextBlock(required=False, label=_("Why the data are disclosed"))

    class Meta:
        icon = "upload"
        label = _("Recipient")


class RecipientsBlock(SectionBlock):
    """Recipients of the data, or an explicit statement that data are not disclosed."""

    disclosed = blocks.ChoiceBlock(
        choices=[
            ("no", _("Data are not disclosed to anyone outside the controller")),
            ("yes", _("Data are disclosed to the recipients below")),
        ],
        default="no",
        label=_("Disclosure"),
    )
    recipients = blocks.ListBlock(RecipientBlock(), label=_("Recipients"))

    default_heading = _("Disclosure of data")
    articles = ("13(1)(e)",)

    class Meta:
        icon = "upload"
        template = "notices/blocks/recipients.html"
        label = _("Recipients")
        group = GROUP_SHARING
        description = _("To whom personal data are disclosed, or that they are not.")
        preview_value = {"disclosed": "no", "recipients": []}

    def clean(self, value):
        value = super().clean(value)
        if value.get("disclosed") == "yes" and not value.get("recipients"):
            raise StructBlockValidationError(
                block_errors={
                    "recipients": ValidationError(
                        _("Add at least one recipient, or select that data are not disclosed.")
                    )
                }
            )
        return value


class ProcessorBlock(blocks.StructBlock):
    name = CompanyNameBlock(max_length=200, label=_("Processor"))
    service = blocks.CharBlock(max_length=300, required=False, label=_("Service or task"))
    location = blocks.ChoiceBlock(
        choices=[
            ("eu", _("Within the EU/EEA")),
            ("outside", _("Outside the EU/EEA")),
        ],
        default="eu",
        label=_("Where the data are processed"),
    )

    class Meta:
        icon = "cogs"
        label = _("Processor")


class ProcessorsBlock(SectionBlock):
    """Service providers processing data on the controller's behalf (Art. 28)."""

    intro = blocks.TextBlock(required=False, label=_("Introduction"))
    processors = blocks.ListBlock(ProcessorBlock(), min_num=1, label=_("Processors"))

    default_heading = _("Processors")
    articles = ("13(1)(e)",)

    class Meta:
        icon = "cogs"
        template = "notices/blocks/processors.html"
        label = _("Processors")
        group = GROUP_SHARING
        description = _("Service providers that process data on our behalf.")
        preview_value = {
            "intro": "",
            "processors": [
                {"name": _("Hosting provider"), "service": _("Servers"), "location": "eu"}
            ],
        }


class TransferBlock(blocks.StructBlock):
    recipient = CompanyNameBlock(max_length=200, label=_("Recipient"))
    country = blocks.CharBlock(max_length=100, label=_("Country"))
    mechanism = blocks.ChoiceBlock(
        choices=TRANSFER_MECHANISMS.choices,
        label=_("Transfer mechanism"),
        help_text=_("The safeguard that makes the transfer lawful."),
    )
    details = blocks.TextBlock(required=False, label=_("Details"))

    class Meta:
        icon = "site"
        label = _("Transfer")


class TransfersBlock(SectionBlock):
    """Transfers outside the EU/EEA with their safeguards, or that there are none (13(1)(f))."""

    transferred = blocks.ChoiceBlock(
        choices=[
            ("no", _("Data are not transferred outside the EU/EEA")),
            ("yes", _("Data are transferred outside the EU/EEA as described below")),
        ],
        default="no",
        label=_("Transfers"),
    )
    transfers = blocks.ListBlock(TransferBlock(), label=_("Transfers"))
    copy_info = blocks.TextBlock(
        required=False,
        label=_("How to get a copy of the safeguards"),
        help_text=_("Needed for standard contractual clauses and binding corporate rules."),
    )

    default_heading = _("Transfers outside the EU/EEA")
    articles = ("13(1)(f)",)

    class Meta:
        icon = "site"
        template = "notices/blocks/transfers.html"
        label = _("Transfers outside the EU/EEA")
        group = GROUP_SHARING
        description = _("Whether data leave the EU/EEA, to whom, and on which safeguard.")
        preview_value = {"transferred": "no", "transfers": [], "copy_info": ""}

    def clean(self, value):
        value = super().clean(value)
        transfers = value.get("transfers") or []
        if value.get("transferred") == "yes" and not transfers:
            raise StructBlockValidationError(
                block_errors={
                    "transfers": ValidationError(
                        _("Add at least one transfer, or select that data are not transferred.")
                    )
                }
            )
        needs_copy = any(t.get("mechanism") in ("scc", "bcr") for t in transfers)
        if value.get("transferred") == "yes" and needs_copy and not value.get("copy_info"):
            raise StructBlockValidationError(
                block_errors={
                    "copy_info": ValidationError(
                        _("Tell readers how they can get a copy of the safeguards.")
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["transfer_rows"] = [
            {"value": t, "mechanism_label": TRANSFER_MECHANISMS.label(t.get("mechanism"))}
            for t in value.get("transfers") or []
        ]
        return context


class RetentionItemBlock(blocks.StructBlock):
    category = blocks.CharBlock(max_length=200, label=_("Data category"))
    period = blocks.CharBlock(
        max_length=200,
        required=False,
        label=_("Retention period"),
        help_text=_("For example: 6 years from the end of the accounting period."),
    )
    criteria = blocks.TextBlock(
        required=False,
        label=_("Criteria for the period"),
        help_text=_("When no fixed period can be given, how the period is determined."),
    )

    class Meta:
        icon = "time"
        label = _("Retention")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("period") or "").strip() and not (value.get("criteria") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "period": ValidationError(
                        _("Give the retention period or the criteria used to determine it.")
                    )
                }
            )
        return value


class RetentionBlock(SectionBlock):
    """How long each category of data is kept, or the criteria for it (Art. 13(2)(a))."""

    items = blocks.ListBlock(RetentionItemBlock(), min_num=1, label=_("Retention periods"))

    default_heading = _("Retention of data")
    articles = ("13(2)(a)",)

    class Meta:
        icon = "time"
        template = "notices/blocks/retention.html"
        label = _("Retention")
        group = GROUP_KEEPING
        description = _("How long each category of data is kept.")
        preview_value = {
            "items": [
                {
                    "category": _("Accounting records"),
                    "period": _("6 years from the end of the accounting period"),
                }
            ]
        }


class SecurityBlock(SectionBlock):
    """How manual and electronic material is protected (Art. 32)."""

    manual_material = blocks.TextBlock(
        required=False,
        label=_("Manual material"),
        help_text=_("Paper documents: where they are kept and who can reach them."),
    )
    electronic_material = blocks.TextBlock(
        required=False,
        label=_("Electronic material"),
        help_text=_("Information systems: how access is limited and the data protected."),
    )
    measures = blocks.MultipleChoiceBlock(
        choices=SECURITY_MEASURES.choices,
        required=False,
        label=_("Measures in use"),
    )

    default_heading = _("Principles of data security")

    class Meta:
        icon = "lock"
        template = "notices/blocks/security.html"
        label = _("Security principles")
        group = GROUP_KEEPING
        description = _("How manual and electronic material is protected.")
        preview_value = {
            "manual_material": "",
            "electronic_material": _("Systems are protected by firewalls and user accounts."),
            "measures": ["access_control", "backups"],
        }

    def clean(self, value):
        value = super().clean(value)
        if not any(
            [value.get("manual_material"), value.get("electronic_material"), value.get("measures")]
        ) and not self.as_written(value):
            raise StructBlockValidationError(
                block_errors={
                    "electronic_material": ValidationError(
                        _("Describe how the data are protected, or choose the measures in use.")
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["measure_labels"] = [
            SECURITY_MEASURES[m].label
            for m in value.get("measures") or []
            if m in SECURITY_MEASURES
        ]
        return context


class RightItemBlock(blocks.StructBlock):
    right = blocks.ChoiceBlock(choices=RIGHTS.choices, label=_("Right"))
    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_("Leave empty to use the standard explanation in the page's language."),
    )

    class Meta:
        icon = "pick"
        label = _("Right")


class RightsBlock(SectionBlock):
    """The data subject's rights, each its own item with a standard explanation (13(2)(b))."""

    intro = blocks.TextBlock(required=False, label=_("Introduction"))
    rights = blocks.ListBlock(
        RightItemBlock(),
        min_num=1,
        default=[{"right": key, "explanation": ""} for key, _label in RIGHTS.choices],
        label=_("Rights"),
    )
    how_to_exercise = blocks.TextBlock(
        required=False,
        label=_("How to use the rights"),
        help_text=_("Leave empty to point readers to the request form and the contact person."),
    )

    default_heading = _("Rights of the data subject")
    articles = ("13(2)(b)",)

    class Meta:
        icon = "pick"
        template = "notices/blocks/rights.html"
        label = _("Rights")
        group = GROUP_RIGHTS
        description = _("Access, rectification, erasure, restriction and portability.")
        preview_value = {
            "intro": "",
            "rights": [{"right": key, "explanation": ""} for key, _label in RIGHTS.choices],
            "how_to_exercise": "",
        }

    def clean(self, value):
        value = super().clean(value)
        chosen = [item.get("right") for item in value.get("rights") or []]
        duplicates = {r for r in chosen if chosen.count(r) > 1}
        if duplicates:
            raise StructBlockValidationError(
                block_errors={"rights": ValidationError(_("Each right may be listed only once."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        rows = []
        for item in value.get("rights") or []:
            term = RIGHTS.get(item.get("right"))
            rows.append(
                {
                    "key": item.get("right"),
                    "label": term.label if term else "",
                    "explanation": (item.get("explanation") or "").strip()
                    or (term.explanation if term else ""),
                }
            )
        context["right_rows"] = rows
        return context


class RightToObjectBlock(SectionBlock):
    """The right to object, presented apart from the other rights as Art. 21(4) requires."""

    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_("Leave empty to use the standard explanation in the page's language."),
    )
    direct_marketing = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("Data are used for direct marketing"),
        help_text=_("Tick to tell readers they can always refuse direct marketing (Art. 21(2))."),
    )

    default_heading = _("Right to object")
    articles = ("13(2)(b)", "21(4)")

    class Meta:
        icon = "warning"
        template = "notices/blocks/right_to_object.html"
        label = _("Right to object")
        group = GROUP_RIGHTS
        description = _("The right to object, shown separately from other information.")
        preview_value = {"explanation": "", "direct_marketing": True}


class ConsentWithdrawalBlock(SectionBlock):
    """That consent may be withdrawn at any time, and how (Art. 13(2)(c))."""

    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_("Leave empty to use the standard explanation in the page's language."),
    )
    how = blocks.TextBlock(
        required=False,
        label=_("How to withdraw"),
        help_text=_("For example the unsubscribe link in every newsletter."),
    )

    default_heading = _("Withdrawing consent")
    articles = ("13(2)(c)",)

    class Meta:
        icon = "undo"
        template = "notices/blocks/consent_withdrawal.html"
        label = _("Withdrawal of consent")
        group = GROUP_RIGHTS
        description = _("That consent can be withdrawn at any time, and how.")
        preview_value = {"explanation": "", "how": ""}


class ComplaintBlock(SectionBlock):
    """The right to complain to a supervisory authority (Art. 13(2)(d))."""

    authority = ModelChooserBlock(
        "seloste_notices.SupervisoryAuthority",
        required=False,
        label=_("Supervisory authority"),
        help_text=_(
            "Leave empty to name the authority of the organisation's country (in Finland the "
            "Data Protection Ombudsman)."
        ),
    )
    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_("Leave empty to use the standard explanation in the page's language."),
    )

    default_heading = _("Right to lodge a complaint with a supervisory authority")
    articles = ("13(2)(d)",)

    class Meta:
        icon = "mail"
        template = "notices/blocks/complaint.html"
        label = _("Complaint to the authority")
        group = GROUP_RIGHTS
        description = _("Where to complain if the data are processed unlawfully.")
        preview_value = {"authority": None, "explanation": ""}

    def bulk_to_python(self, values):
        # One look-up of the countries' authorities for every complaint section of a notice.
        results = super().bulk_to_python(values)
        if any(not value.get("authority") for value in results):
            defaults = SupervisoryAuthority.defaults_by_country()
            for value in results:
                value.default_authorities = defaults
        return results

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        authority = value.get("authority")
        if authority is None:
            defaults = getattr(value, "default_authorities", None)
            if defaults is None:
                defaults = SupervisoryAuthority.defaults_by_country()
            page = (parent_context or {}).get("page")
            controller = getattr(page, "controller", None)
            authority = defaults.get(controller.country if controller else "")
        context["authority_record"] = authority
        return context


class RequirementBlock(SectionBlock):
    """Whether giving the data is a statutory or contractual requirement, and the consequences."""

    requirement = blocks.ChoiceBlock(
        choices=REQUIREMENT_KINDS.choices, label=_("Is providing the data required?")
    )
    consequences = blocks.TextBlock(
        label=_("Consequences of not providing the data"),
        help_text=_("For example: without contact details we cannot deliver the order."),
    )

    default_heading = _("Obligation to provide data")
    articles = ("13(2)(e)",)

    class Meta:
        icon = "clipboard-list"
        template = "notices/blocks/requirement.html"
        label = _("Requirement to provide data")
        group = GROUP_RIGHTS
        description = _("Whether giving data is required, and what follows if it is not given.")
        preview_value = {
            "requirement": "contractual",
            "consequences": _("Without contact details we cannot deliver the order."),
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["requirement_label"] = REQUIREMENT_KINDS.label(value.get("requirement"))
        return context


class AutomatedDecisionBlock(SectionBlock):
    """Automated decision-making and profiling, or their absence (Art. 13(2)(f))."""

    in_use = blocks.ChoiceBlock(
        choices=[
            ("no", _("No automated decision-making or profiling")),
            ("yes", _("Automated decision-making or profiling is used")),
        ],
        default="no",
        label=_("Automated decisions"),
    )
    logic = blocks.TextBlock(
        required=False,
        label=_("The logic involved"),
        help_text=_("Required when used: how the decision is made."),
    )
    consequences = blocks.TextBlock(
        required=False,
        label=_("Significance and consequences"),
        help_text=_("Required when used: what the decision means for the person."),
    )

    default_heading = _("Automated decision-making and profiling")
    articles = ("13(2)(f)",)

    class Meta:
        icon = "cog"
        template = "notices/blocks/automated_decisions.html"
        label = _("Automated decisions")
        group = GROUP_RIGHTS
        description = _("Whether decisions are made automatically or people are profiled.")
        preview_value = {"in_use": "no", "logic": "", "consequences": ""}

    def clean(self, value):
        value = super().clean(value)
        if value.get("in_use") == "yes":
            errors = {}
            if not (value.get("logic") or "").strip():
                errors["logic"] = ValidationError(_("Explain the logic of the decisions."))
            if not (value.get("consequences") or "").strip():
                errors["consequences"] = ValidationError(
                    _("Explain what the decisions mean for the person.")
                )
            if errors:
                raise StructBlockValidationError(block_errors=errors)
        return value


class CookiesBlock(SectionBlock):
    """Cookies and web analytics; the table comes from the site's cookie declarations."""

    intro = blocks.TextBlock(
        required=False,
        label=_("Introduction"),
        help_text=_("Leave empty to use the standard text. The cookie table is filled in for you."),
    )

    default_heading = _("Cookies and web analytics")

    class Meta:
        icon = "doc-full"
        template = "notices/blocks/cookies.html"
        label = _("Cookies")
        group = GROUP_OTHER
        description = _("Which cookies the site uses; the table comes from the cookie settings.")
        preview_value = {"intro": ""}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["cookie_groups"] = declared_cookie_groups()
        return context


class ChangePolicyBlock(SectionBlock):
    """How changes to the notice are made and announced."""

    text = blocks.TextBlock(
        required=False,
        label=_("Text"),
        help_text=_("Leave empty to use the standard text in the page's language."),
    )

    default_heading = _("Changes to this notice")

    class Meta:
        icon = "history"
        template = "notices/blocks/change_policy.html"
        label = _("Change policy")
        group = GROUP_OTHER
        description = _("How changes to this notice are announced.")
        preview_value = {"text": ""}


class FreeTextBlock(HeadedBlock):
    """A free section for anything the structured sections do not cover."""

    body = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Text")
    )

    default_heading = _("Additional information")

    class Meta:
        icon = "pilcrow"
        template = "notices/blocks/free_text.html"
        label = _("Free text section")
        group = GROUP_OTHER
        description = _("Anything else, with a heading of its own.")
        preview_value = {"heading": _("Additional information"), "body": ""}

    def anchor(self, value) -> str:
        return slugify(value.get("heading") or "") or "section"


class NoticeBodyBlock(blocks.StreamBlock):
    """The body of a privacy notice: its sections in the order the editor chooses."""

    controller = ControllerBlock()
    contact_person = ContactPersonBlock()
    data_protection_officer = DataProtectionOfficerBlock()
    register_name = RegisterNameBlock()
    purposes = PurposesBlock()
    data_subjects = DataSubjectsBlock()
    data_content = DataContentBlock()
    sources = SourcesBlock()
    recipients = RecipientsBlock()
    processors = ProcessorsBlock()
    transfers = TransfersBlock()
    retention = RetentionBlock()
    security = SecurityBlock()
    rights = RightsBlock()
    right_to_object = RightToObjectBlock()
    consent_withdrawal = ConsentWithdrawalBlock()
    complaint = ComplaintBlock()
    requirement = RequirementBlock()
    automated_decisions = AutomatedDecisionBlock()
    cookies = CookiesBlock()
    change_policy = ChangePolicyBlock()
    text = FreeTextBlock()

    class Meta:
        block_counts = {
            "controller": {"max_num": 1},
            "contact_person": {"max_num": 1},
            "data_protection_officer": {"max_num": 1},
            "register_name": {"max_num": 1},
        }
