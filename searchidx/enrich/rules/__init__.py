"""The default entity extractor: registry names, a places gazetteer, and rules for names.

No model and no network. Per article it:
0. reads past the text's furniture and layout (``furniture``: hard-wrapped lines rejoined), takes the
   companies that tickers and angle brackets mark (``companies``), and spells out US state
   abbreviations after a city or a party tag ("Trenton, N.J.", "(R-Iowa)");
1. splits sentences and finds spans of capitalised words ("Institute for the Study of War",
   "President Vladimir Putin"), dropping sentence-initial common words, weekdays and months,
   possessives and trailing punctuation; a company's name keeps its first word and ends at its
   legal suffix, and a span that opens a company's name is that company;
2. inside each span takes the longest registry names and aliases (config/entities.yaml);
3. classifies what is left: organisations by suffix or "the X of Y" heads ("... Bank", "Ministry of
   ..."), places from the geonames gazetteer (countries, US states, cities over 15,000 people)
   and ISO 3166-2's states and provinces of every country (data/regions.txt),
   people by a title cue ("President", "Mr"), a known first name, an appositive role
   (", a research fellow") or a following "said";
4. resolves short forms within the article: a lone surname to the full name ("Putin" -> "Vladimir
   Putin"), the first words of a company's name to the company ("Commercial Credit" -> "Commercial
   Credit Co"), an acronym to the name it was defined with ("Institute for the Study of War (ISW)").
Every entity keeps the rule that produced it, for ``search --explain``.

The steps live in one module each: ``text`` (tokens, sentences, abbreviations), ``spans`` (runs of name
words), ``names`` (a span read as an organisation, a person or a place by its form and the words around
it), ``bodies`` (a body inside a run that holds an office or a person), ``places`` (place cues for
places no list knows and for gazetteer towns), ``resolve`` (short forms, canonical names),
``gazetteers`` (the word lists built from packages), ``cues`` (what several steps read), ``classify``
(step 3: what one span names, calling on ``names``, ``bodies`` and ``places``), and ``extractor``, which
runs them.
"""

from .cues import Found
from .extractor import RuleExtractor
from .gazetteers import _make_first_names, _make_places, ambiguous_places, first_names, gazetteer_places

__all__ = ["Found", "RuleExtractor", "_make_first_names", "_make_places", "ambiguous_places", "first_names",
           "gazetteer_places"]
