# ruff: noqa: E501 - each string is a msgid of Wagtail or wagtail-localize, verbatim
"""Finnish and Swedish for strings of Wagtail and wagtail-localize that their own catalogues do
not translate yet, on the screens editors and privacy staff use.

Listed here so `makemessages` keeps them in this app's catalogue. Django merges every installed
app's catalogue into one, so a site that installs Seloste gets these too; for a string Wagtail
translates, its own translation is used (tests/test_admin_language.py checks that nothing here
is one Wagtail or wagtail-localize has started translating, so this list only shrinks). Nothing
imports this module.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

UPSTREAM_STRINGS = (
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages", 0),
    ngettext_lazy("%(num_pages)d page", "%(num_pages)d pages", 0),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages", 0),
    _("A network error occurred"),
    _("account"),
    _("Actions (footer)"),
    _("Add or show comments"),
    _("Any"),
    _("Application"),
    _("Autosave is paused"),
    _("Checks"),
    _("Close dialog"),
    _("Close modal dialogs (like this one)"),
    _("Content metrics"),
    _("Correct the validation errors to resume preview (saving will highlight errors)"),
    _("Date updated"),
    _("Edit account avatar"),
    _("Edited by"),
    _("Has child pages"),
    _("How we calculate our metrics"),
    _(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    _("Is commenting action"),
    _("More options for '%(title)s'"),
    _("Once live anyone can view"),
    _("Readability"),
    _("Saved"),
    _("Search all pages…"),
    _("Show issue"),
    _("Show keyboard shortcuts"),
    _("Sort by '%(label)s' in ascending order."),
    _("Sort menu order"),
    _("Sync translated %(model_name)s"),
    _("Sync translated snippets"),
    _("Sync translations of '%(title)s'"),
    _("Text editing"),
    _(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site."
    ),
    _("This data explained"),
    _(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    _("To be created by %(user)s"),
    _("Toggle checks"),
    _("Toggle comments"),
    _("Toggle minimap"),
    _("Toggle preview"),
    _("Toggle section"),
    _("Toggle status"),
    _("Translation of %(instance)s into %(locale)s"),
    _(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    ngettext_lazy("Unpublish 1 page", "Unpublish %(counter)s pages", 0),
    _("Unpublish selected pages"),
    _("View latest version"),
    _("Wagtail %(current_version)s editor guide"),
    _(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    _(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    _(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    _("Go to the first error"),
    _("Are you sure you want to unpublish this %(model_name)s?"),
    _("Would you still like to publish this %(model_name)s?"),
    _(
        "Preview cannot display due to validation errors. <br /> Click save to highlight the relevant fields."
    ),
    _("Scheduling…"),
    _("Schedule to publish"),
    ngettext_lazy(
        "This page has one unpublished subpage", "This page has %(counter)s unpublished subpages", 0
    ),
    ngettext_lazy(
        "This will also unpublish one translation of the page.",
        "This will also unpublish all %(translation_count)s translations of the page.",
        0,
    ),
    ngettext_lazy(
        "This page has one subpage. Unpublish this too",
        "This page has %(live_descendant_count)s subpages. Unpublish these too",
        0,
    ),
    _("Choose when this %(model_name)s should go live and/or expire"),
    _(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    _("Once scheduled:"),
    _("Autosave is <span>paused</span>"),
    _("%(model_name)s '%(object)s' has been scheduled for publishing."),
    _("%(model_name)s '%(object)s' created and scheduled for publishing."),
    _("%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."),
    _("The %(model_name)s could not be saved as it is locked"),
    _("%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."),
    _("Version from %(timestamp)s of %(model_name)s '%(object)s' has been published."),
    _(
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for publishing."
    ),
    _("There are validation errors, click save to highlight them."),
    _("'%(object)s' unpublished."),
    _('Version %(revision_id)s of "%(object)s" unscheduled.'),
    _("%(parent_pages)s and %(child_pages)s have been published"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
        0,
    ),
    _("%(parent_pages)s and %(child_pages)s have been unpublished"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
        0,
    ),
    _("The page could not be created due to validation errors."),
    _(
        "Version from %(previous_revision_datetime)s of page '%(page_title)s' has been scheduled for publishing."
    ),
    _("Version from %(datetime)s of page '%(page_title)s' has been published."),
    _("The page could not be saved as it is locked."),
    _("The page could not be saved due to validation errors."),
    _("Locked by"),
    _("revision"),
    _("revisions"),
    _("latest revision"),
    _("Copied for translation from %(title)s (%(locale)s)"),
    _("Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s."),
    _("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    _("%(model_name)s scheduled for publishing"),
    _(
        "Revision %(revision_id)s from %(created_at)s unscheduled from publishing at %(go_live_at)s."
    ),
    _("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    _("%(model_name)s unscheduled from publishing"),
    _("Start Synced translation"),
    _("The {model_name} '{object}' was successfully submitted for translation into {locales}"),
    _("Translated with {tool_name} on {date}"),
    _(
        'This page hasn\'t been translated yet. It is mirroring the <a href="%(edit_original_page_url)s" target="_blank">%(original_locale)s page</a>.'
    ),
    _("The last sync date was %(last_sync_date)s. You are about to sync the following:"),
    _(
        "New validation errors were found when publishing '{object}' in {locale}. Please fix them or click publish again to ignore these translations for now."
    ),
    _("Published '{object}' in {locale} with missing translations - see below."),
    _("Published '{object}' in {locale}."),
    _(
        "The data model for '{model_name}' has been changed since the last translation sync. If any new fields have been added recently, these may not be visible until the next translation sync."
    ),
    _("Successfully translated with {}."),
    _("The page '{page_title}' was successfully submitted for translation into {locales}"),
    _(
        'Apply the updates and publish immediately. The changes will use the original language until translated unless you also select "Use machine translation".'
    ),
    _("Use machine translation"),
    _("Apply machine translations to the incoming changes."),
    _(
        "Apply the updates and publish immediately. The changes will use the original language until translated."
    ),
    _("Successfully updated translations for '{object}'"),
    _("- Select an option -"),
    _("There are no %(model_name)s to display."),
)
