"""The cookie scan: proof that nothing optional fires before consent.

`manage.py scan_cookies --url BASE_URL` (and the admin's "Cookie scan" report) visits the
site's pages in a real headless Chromium as four visitors and compares every cookie, storage
key and request to another host with the cookie declarations. The pipeline:

- `pages`: which addresses to visit (Wagtail's page tree, the cookie settings page, forms)
- `visitors` and `recording`: the browser, one context per visitor, what each one records
- `comparison`: what was seen against the declarations, and the problems found
- `report`: the tables and sentences people read; `run`: the whole scan, stored
- `tasks`: the scan in the task worker, started from the admin

Playwright is an optional dependency (`pip install 'seloste[scan]'`); without it, or without
Chromium, the scan says so and stops. It never downloads a browser.
"""
