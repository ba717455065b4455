"""The public website (R-24): server-rendered pages for the home page, columns and items, built
on the API's selectors (``cms/api/selectors.py``), so the site shows exactly what the
mini-program shows; previews for approvers; feeds, sitemap and robots.txt."""
