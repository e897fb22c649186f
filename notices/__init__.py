"""Privacy notices for Wagtail: the notice page, its typed sections and the records they name.

Sub-apps, each an app of its own in INSTALLED_APPS:

- ``notices.outbox``: outgoing mail stored first and sent by a background task (required).
- ``notices.rights``: the rights-request form under a notice, its flow and the admin inbox
  (optional; without it a notice shows no request form).
- ``notices.drift``: the report of translations behind their original (optional).

Other apps may use ``notices.models`` (PrivacyNoticePage, ContactPerson, Organisation,
SupervisoryAuthority, NoticeVersion), ``notices.checks.check_notice`` and
``notices.importer.import_notice``.
"""
