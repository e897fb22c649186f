// Finnish and Swedish for strings of Wagtail's and wagtail-localize's admin scripts that their
// own catalogues do not translate yet (see upstream_strings.py for the server-side ones).
// Listed for `makemessages -d djangojs` only; never served. The add-on's catalogue of these is
// served by the admin's "seloste_admin_javascript_catalog" view, loaded on every admin page.
gettext("A network error occurred.");
gettext("A server error occurred.");
gettext("Autosave in progress…");
gettext("Changes have been autosaved.");
gettext("Search options…");
gettext("Toggle section");
gettext("Applying editor lock");
gettext("Fetching %s information...");
gettext("Publish in ");
gettext("Removing editor lock");
gettext("Revert to %s version");
gettext("Stop Synced translation");
gettext("Stopping Synced translation");
gettext("Translate all missing strings with ");
gettext("Uses %s version");
gettext("%(num)s min");
gettext("%(time_zone_option)s: %(localized_time_zone_label)s");
gettext("Complex");
gettext("Fair");
gettext("Good");
gettext("Pin toolbar");
gettext("Unpin toolbar");
// The translation editor's heading, which wagtail-localize writes without gettext.
gettext("%(source)s to %(target)s translation");
