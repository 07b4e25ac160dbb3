"""The HTML reader on small pages of our own (tests/fixtures/html): what it keeps, what it drops, and its
metadata rules. Each test names the rule it checks."""

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchidx.cli import cli
from searchidx.errors import ReadError
from searchidx.ingest.readers import read

HTML = Path(__file__).parent / "fixtures" / "html"


def page(name):
    articles = read(HTML / name, name)
    assert len(articles) == 1
    return articles[0]


def write(tmp_path, body: str, name: str = "page.html"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return read(path, name)[0]


STORY = "".join(f"<p>Paragraph {i} of the story says something about the harbour wall, the council vote and the "
                f"cost of the work, in words enough for an article body to be found.</p>" for i in range(6))


@pytest.fixture(scope="module")
def harbour():
    return page("boilerplate.html")


@pytest.mark.parametrize("chrome", [
    "cookies",  # cookie banner
    "Share on Facebook",  # share bar
    "Photograph: Fixture Picture Agency",  # image caption
    "Advertisement",  # inline ad
    "morning briefing newsletter",  # newsletter box
    "Lifeboat crew rescue",  # "read more" teasers
    "local government correspondent",  # author box
    "About time too",  # comment thread
    "Ten best beaches",  # most-read sidebar
    "All rights reserved",  # footer
])
def test_boilerplate_is_dropped(harbour, chrome):
    assert chrome not in harbour.text


def test_article_text_keeps_paragraphs_headings_lists_and_tables(harbour):
    blocks = harbour.text.split("\n\n")
    assert blocks[0].startswith("Councillors in Porthwen voted")  # the headline is the title, not text
    assert "What happens next" in blocks  # a heading inside the article is its own block
    assert "- a higher concrete wall with a walkway on top;" in harbour.text.splitlines()
    assert "| 2022 | 545,000 pounds |" in harbour.text.splitlines()
    assert blocks[-1].startswith("Local businesses welcomed the decision")


def test_metadata_from_the_page(harbour):
    assert harbour.title == "Harbour town votes to rebuild its sea wall"
    assert harbour.source == "The Fixture Gazette"
    assert harbour.author == "Mara Quill"
    assert harbour.url == "https://gazette.example/local/2023/03/14/harbour-sea-wall"  # the canonical link
    assert harbour.lang == "en"  # from <html lang="en-GB">
    assert harbour.meta["section"] == "Local news"
    assert harbour.meta["keywords"] == ["flooding", "sea wall", "council"]
    assert harbour.kind == "article"


def test_publication_date_not_the_modified_date(harbour):
    # article:modified_time is 2023-03-20; the most-read box shows 2019
    assert harbour.date == datetime(2023, 3, 14, 9, 15, tzinfo=timezone.utc)
    assert harbour.date_precision == "time"


def test_updated_label_and_modified_meta_are_not_taken(tmp_path):
    a = write(tmp_path, f"""<html><head><meta property="og:title" content="Bridge reopens">
        <meta property="article:modified_time" content="2024-02-10T10:00:00Z"></head><body><article>
        <h1>Bridge reopens</h1><p class="date">Updated: February 10, 2024</p>
        <p class="published-date">Published: February 2, 2024</p>{STORY}</article></body></html>""")
    assert a.date.date().isoformat() == "2024-02-02"


@pytest.mark.parametrize("head, body, title", [
    ('<meta property="og:title" content="From og:title"><script type="application/ld+json">'
     '{"@type": "NewsArticle", "headline": "From the headline"}</script><title>Tab | Site</title>',
     "<h1>From the h1</h1>", "From og:title"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From the headline"}</script>'
     "<title>Tab | Site</title>", "<h1>From the h1</h1>", "From the headline"),
    ("<title>Tab title | Site</title>", "<h1>From the h1</h1>", "From the h1"),
    ('<meta property="og:title" content="Storm hits coast | Coast News">'
     '<meta property="og:site_name" content="Coast News">', "", "Storm hits coast"),
])
def test_title_order_of_trust_and_no_site_name(tmp_path, head, body, title):
    a = write(tmp_path, f"<html><head>{head}</head><body><article>{body}{STORY}</article></body></html>")
    assert a.title == title


def test_url_date_is_the_fallback_and_keeps_its_precision(tmp_path):
    month = write(tmp_path, f"""<html><head><link rel="canonical" href="https://news.example/2015/06/dam-plan">
        </head><body><article><h1>Dam plan</h1>{STORY}</article></body></html>""", "m.html")
    assert month.date == datetime(2015, 6, 1, tzinfo=timezone.utc) and month.date_precision == "month"
    day = write(tmp_path, f"""<html><head><meta property="og:url" content="https://news.example/2019/nov/18/dam">
        </head><body><article><h1>Dam plan</h1>{STORY}</article></body></html>""", "d.html")
    assert day.date.date().isoformat() == "2019-11-18" and day.date_precision == "day"


def test_evening_post_keeps_the_day_its_readers_saw(tmp_path):
    # 10:31 pm in Chicago is 04:31 the next day in UTC; the byline and the page say the 19th
    a = write(tmp_path, f"""<html><head><meta property="article:published_time" content="2019-11-20T04:31:00Z">
        </head><body><article><h1>Late story</h1><div class="byline">Nov 19, 2019, 10:31 pm CST</div>
        {STORY}</article></body></html>""")
    assert a.date.date().isoformat() == "2019-11-19" and a.date_precision == "day"
    local = write(tmp_path, f"""<html><head><meta property="article:published_time"
        content="2019-11-19T22:31:00-06:00"></head><body><article><h1>Late story</h1>{STORY}</article></body></html>""",
                  "local.html")
    assert local.date.date().isoformat() == "2019-11-19"
    # a zone name instead of an offset, now that zone names are applied: still the day its readers saw
    named = write(tmp_path, f"""<html><head><meta property="article:published_time" content="2019-11-19 22:31 CST">
        </head><body><article><h1>Late story</h1>{STORY}</article></body></html>""", "named.html")
    assert named.date.date().isoformat() == "2019-11-19" and named.date_precision == "day"


def test_listing_page_is_recognised():
    a = page("section-front.html")
    assert a.kind == "listing"
    assert a.date is None  # the teasers' dates are other stories' dates
    assert "Council story number 3" in a.text  # still searchable


def test_live_blog_posts_kept_in_time_order():
    for name in ("liveblog-ld.html", "liveblog-markup.html"):
        a = page(name)
        assert a.kind == "liveblog", name
        stamps = [line for line in a.text.splitlines() if line.endswith(" UTC")]
        assert len(stamps) == 3 and stamps == sorted(stamps), name
    assert page("liveblog-ld.html").text.index("Polls open") < page("liveblog-ld.html").text.index("Polls close")
    markup = page("liveblog-markup.html").text
    assert markup.index("Early goal") < markup.index("Full time")


GERMAN = "".join(f"<p>Absatz {i}: Der Gemeinderat hat am Montagabend beschlossen, die alte Hafenmauer wieder "
                 f"aufzubauen, nachdem zwei stürmische Winter große Teile davon zerstört hatten. Die Kosten trägt "
                 f"zur Hälfte das Land.</p>" for i in range(6))


def test_language_from_the_page_or_detected(tmp_path):
    declared = write(tmp_path, f'<html lang="de-AT"><body><article><h1>T</h1>{GERMAN}</article></body></html>',
                     "de.html")
    assert declared.lang == "de"
    french = "".join("<p>Le conseil municipal a voté lundi soir la reconstruction du mur qui protège le port "
                     "depuis plus d'un siècle, après deux hivers de tempêtes.</p>" for _ in range(4))
    detected = write(tmp_path, f"<html><body><article><h1>Le port</h1>{french}</article></body></html>", "fr.html")
    assert detected.lang == "fr"


def test_a_long_text_plainly_in_another_language_than_the_page_declares_takes_its_own(tmp_path):
    """Site templates declare the site's locale: Business Insider Deutschland's English stories were
    stored as "de", so --lang en missed them (and a German story of a site marked English as "en")."""
    english = write(tmp_path, f'<html lang="de"><body><article><h1>Retire early</h1>{STORY}</article></body></html>',
                    "en-on-de.html")
    assert english.lang == "en"
    german = write(tmp_path, f'<html lang="en"><body><article><h1>Hafen</h1>{GERMAN}</article></body></html>',
                   "de-on-en.html")
    assert german.lang == "de"
    short = write(tmp_path, '<html lang="de"><body><article><h1>Kurz</h1><p>A short English note on the harbour '
                            'wall and the council vote of Monday evening.</p></article></body></html>', "short.html")
    assert short.lang == "de"  # too little text to overrule what the page says


def test_authors_from_json_ld_list(tmp_path):
    a = write(tmp_path, f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
        "headline": "Two writers", "author": [{{"@type": "Person", "name": "Ann Lee"}},
        {{"@type": "Person", "name": "Bo Chan"}}, "https://social.example/ann"]}}</script></head>
        <body><article><h1>Two writers</h1>{STORY}</article></body></html>""")
    assert a.author == "Ann Lee, Bo Chan"  # a profile URL is not a name


def test_a_json_ld_author_written_as_a_byline_is_the_name(tmp_path):
    # The Associated Press's pages (3 of the 91 dev pages) name their author "By ROBERT BURNS, AP National
    # Security Writer" in JSON-LD: the author was stored and shown with its "By ", as a meta tag's was not
    a = write(tmp_path, f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
        "headline": "Bylined", "author": [{{"@type": "Person", "name": "By Ann Lee"}}, "by Bo Chan",
        "By ROBERT BURNS, AP National Security Writer"]}}</script>
        </head><body><article><h1>Bylined</h1>{STORY}</article></body></html>""")
    assert a.author == "Ann Lee, Bo Chan, Robert Burns"  # the role and capitals too, as a text header's


@pytest.mark.parametrize("site, author, expected", [
    ("CNN", "Jill Disis, CNN Business", "Jill Disis"),  # a desk of the page's own site (4 of the 91 dev pages)
    ("cleveland", "Troy L. Smith, Cleveland.com", "Troy L. Smith"),  # its address
    ("Business Insider Deutschland", "Charlie Wood, Business Insider", "Charlie Wood"),  # the edition's paper
    ("The Daily Coast", "Ann Lee, Daily Coast", "Ann Lee"),
    ("CNN", "Jill Disis, AP", "Jill Disis, AP"),  # another agency stays named
    ("John's Journal", "Smith, John", "Smith, John"),  # a surname, then the given name, as written
])
def test_a_bylines_agency_that_is_the_pages_own_site_is_dropped(tmp_path, site, author, expected):
    # the author facet listed 'Jill Disis, CNN Business' beside 'Jill Disis', the agency rule of text headers
    # (exact names only: 'Cal Mankowski, Reuters') not applied to web pages
    a = write(tmp_path, f"""<html><head><meta property="og:site_name" content="{site}">
        <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Bylined",
        "author": {{"@type": "Person", "name": "{author}"}}}}</script>
        </head><body><article><h1>Bylined</h1>{STORY}</article></body></html>""")
    assert (a.author, a.source) == (expected, site)


def test_kind_and_lang_filter_and_show(tmp_path):
    index = tmp_path / "index"
    runner = CliRunner()
    r = runner.invoke(cli, ["index", str(HTML), "--index", str(index)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["search", "--index", str(index), "--kind", "listing", "--format", "paths"])
    assert r.exit_code == 0, r.output
    assert r.output.split() == ["section-front.html"]
    r = runner.invoke(cli, ["search", "council", "--index", str(index), "--kind", "article", "--format", "paths"])
    assert r.output.split() == ["boilerplate.html"]
    r = runner.invoke(cli, ["search", "kind:liveblog", "--index", str(index), "--format", "paths"])
    assert sorted(r.output.split()) == ["liveblog-ld.html", "liveblog-markup.html"]
    r = runner.invoke(cli, ["search", "--index", str(index), "--lang", "EN", "--format", "paths"])
    assert len(r.output.split()) == 4
    r = runner.invoke(cli, ["search", "author:quill", "--index", str(index), "--format", "paths"])
    assert r.output.split() == ["boilerplate.html"]
    r = runner.invoke(cli, ["show", "boilerplate.html", "--index", str(index)])
    assert "lang:    en" in r.output and "section: Local news" in r.output


def test_html_pages_read_in_parallel_index_the_same(tmp_path):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    for i in range(24):
        (corpus / f"p{i:02d}.html").write_text(
            f"<html><head><meta property='og:title' content='Story {i} on the harbour'></head><body><article>"
            f"<h1>Story {i}</h1>{STORY}<p>Unique word zq{i}x.</p></article></body></html>", encoding="utf-8")
    (corpus / "broken.html").write_bytes(b"\x00\x01\x02" * 500)
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        index = tmp_path / f"ix{jobs}"
        r = runner.invoke(cli, ["index", str(corpus), "--index", str(index), "--jobs", jobs])
        assert r.exit_code == 0, r.output
        assert "broken.html" in r.output  # the unreadable page is named, the others indexed
        r = runner.invoke(cli, ["search", "harbour", "--index", str(index), "--limit", "50", "--format", "json"])
        outputs.append(sorted((h["id"], h["title"], h["snippet"]) for h in json.loads(r.output)["hits"]))
    assert len(outputs[0]) == 24 and outputs[0] == outputs[1]



@pytest.mark.parametrize("charset, declaration", [
    ("windows-1257", '<meta charset="windows-1257">'),
    ("iso-8859-13", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-13">'),
    ("windows-1257", '<?xml version="1.0" encoding="windows-1257"?>'),
])
def test_a_page_is_read_in_the_character_encoding_it_declares(tmp_path, charset, declaration):
    # A Lithuanian page in its Baltic code page was left to the detector, which took it for cp1252: the
    # title 'Þinios', the text 'antradiená pareiðkë', none of its words found by a search
    script = "<script>" + "var x = 1; // the page's analytics\n" * 200 + "</script>"
    body = "Prezidentas antradienį pareiškė, kad vyriausybė imsis naujų priemonių."
    html = (f"{declaration}<html><head><title>Žinios</title>{script}</head>"
            f"<body><article><p>{body}</p></article></body></html>")
    path = tmp_path / "lt.html"
    path.write_bytes(html.encode(charset))
    a = read(path, path.name)[0]
    assert (a.title, a.text) == ("Žinios", body)


def test_a_page_saved_as_a_single_file_mhtml_is_read_as_the_page(tmp_path):
    # Chrome's and Edge's "Webpage, Single File" (.mhtml; .mht of older browsers) was no article file: a
    # folder of them was skipped without a word ('0 added'), beside saved .html pages that were read
    import quopri
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    html = (f"<html><head><title>Harbour wall gives way | Coast News</title></head><body><nav>Home Sport</nav>"
            f"<article><h1>Harbour wall gives way</h1><p>Z\u00fcrich engineers said on Tuesday the wall "
            f"had failed.</p>{STORY}</article></body></html>").encode("cp1252")
    saved = MIMEMultipart("related", type="text/html")
    saved["Snapshot-Content-Location"] = "https://news.example.org/2022/09/20/harbour-wall"
    part = MIMENonMultipart("text", "html", charset="windows-1252")
    part.set_payload(quopri.encodestring(html).decode("ascii"))
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part["Content-Location"] = "https://news.example.org/2022/09/20/harbour-wall"
    saved.attach(part)
    saved.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "png"))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "wall.mhtml").write_bytes(saved.as_bytes())
    a = read(tmp_path / "c" / "wall.mhtml", "wall.mhtml")[0]
    assert (a.title, a.url, a.source, a.date.date().isoformat(), a.date_precision) == (
        "Harbour wall gives way", "https://news.example.org/2022/09/20/harbour-wall", "example.org", "2022-09-20",
        "day")
    assert a.text.startswith("Zürich engineers said on Tuesday the wall had failed.") and "Home Sport" not in a.text
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "c"), "--index", str(tmp_path / "ix")])
    assert result.output.startswith("1 added"), result.output
    # one with no page in it says so
    (tmp_path / "c" / "empty.mht").write_bytes(b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n"
                                               b"--b\nContent-Type: image/png\n\nxx\n--b--\n")
    with pytest.raises(ReadError, match=r"empty.mht: no web page \(text/html part\) in this MHTML file"):
        read(tmp_path / "c" / "empty.mht", "empty.mht")


def test_the_address_a_browser_marks_a_saved_page_with_is_its_url_when_its_markup_names_none(tmp_path):
    # Chrome's and Edge's "Webpage, Complete" writes <!-- saved from url=(NNNN)ADDRESS --> atop the page: a page
    # with no canonical link or og:url had no URL, no source and no date, though its address gives all three
    mark = "<!-- saved from url=(0048)https://news.example.com/2022/09/20/wall-rebuilt -->"
    a = write(tmp_path, f"<!DOCTYPE html>\n{mark}\n<html><head><title>Wall rebuilt</title></head><body><article>"
                        f"{STORY}</article></body></html>")
    assert (a.url, a.source, a.date.date().isoformat(), a.date_precision) == (
        "https://news.example.com/2022/09/20/wall-rebuilt", "example.com", "2022-09-20", "day")
    canonical = write(tmp_path, "<!-- saved from url=(0030)https://amp.example.com/x/amp -->\n<html><head><link "
                                "rel=canonical href='https://example.com/x'></head><body>" + STORY + "</body></html>")
    assert canonical.url == "https://example.com/x"  # the page's own address comes first
