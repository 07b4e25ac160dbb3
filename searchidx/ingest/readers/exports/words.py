"""What the news archives print around their articles, in each language of their interfaces: the one table of
those words per format (``LEXISNEXIS``, ``FACTIVA``), from which the readers build their patterns.

A label is kept under its English name (``RUBRIK:`` of a German download is ``section``, so ``section:business``
finds it whatever the language it was downloaded in). A LexisNexis file's language is told by the lines that open
or end its documents; only its own labels are read, and the English ones, which every download may hold. The
languages an article is said to be in, in these interfaces' words ("GERMAN; DEUTSCH", "Englisch"), are read by
languages.known_language, whose names in these languages (languages.NAMED_IN) are for them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LexisNexisWords:
    """What LexisNexis prints in one interface language."""

    documents: tuple[str, ...]  # classic: the line opening each document, "{n} of {m} DOCUMENTS" (regexes)
    end: str  # Nexis Uni: the line ending each document
    body: str  # Nexis Uni: the heading over the text
    words: str  # the unit of a LENGTH: line ("523 words")
    headings: tuple[str, ...]  # Nexis Uni: headings under the text ("Graphic", "Classification"), English's first
    cover: tuple[str, ...]  # Nexis Uni: the cover page's labels (regexes), of which the first four may open it
    labels: dict[str, str] = field(default_factory=dict)  # a label as printed, in any case -> its English name


# English's labels are their own names; the others' map to them. Document lines are matched in capitals as written.
LEXISNEXIS: dict[str, LexisNexisWords] = {
    "en": LexisNexisWords(
        documents=(r"(?:FOCUS - )?(\d+) of (\d+) DOCUMENTS?",), end="End of Document", body="Body", words="words",
        headings=("Classification", "Graphic", "Notes", "Correction"),
        cover=(r"User Name:", r"Date and Time:", r"Job Number:", r"Documents? \(\d+\)", r"Download Request:",
               r"Print Request:", r"Client/Matter:", r"Search Terms:", r"Search Type:", r"Narrowed by",
               r"Content Type", r"Time Of Request:", r"Send To:", r"Terms:", r"Source:", r"Project ID:")),
    "de": LexisNexisWords(
        documents=(r"(\d+) von (\d+) DOKUMENTE[NS]?", r"Dokument (\d+) von (\d+)"), end="Ende des Dokuments",
        body="Text", words="Wörter", headings=("Klassifikation", "Grafik"),
        cover=(r"Benutzername:", r"Datum und Uhrzeit:", r"Auftragsnummer:", r"Dokumente \(\d+\)",
               r"Mandant/Vorgang:", r"Suchbegriffe:", r"Suchart:", r"Eingegrenzt nach", r"Inhaltstyp"),
        labels={"autor": "byline", "rubrik": "section", "länge": "length", "sprache": "language",
                "update": "load-date", "ladedatum": "load-date", "überschrift": "headline", "grafik": "graphic",
                "ausgabe": "edition", "publikationstyp": "publication-type", "ortszeile": "dateline"}),
    "fr": LexisNexisWords(
        documents=(r"(\d+) sur (\d+) DOCUMENTS?", r"Document (\d+) de (\d+)"), end="Fin du document",
        body="Corps", words="mots", headings=("Classement", "Graphique"),
        cover=(r"Nom d'utilisateur\s*:", r"Date et heure\s*:", r"Numéro de la tâche\s*:", r"Documents \(\d+\)",
               r"Client/Dossier\s*:", r"Termes de recherche\s*:", r"Type de recherche\s*:", r"Affiné par",
               r"Type de contenu"),
        labels={"auteur": "byline", "rubrique": "section", "longueur": "length", "langue": "language",
                "date de chargement": "load-date", "titre": "headline", "graphique": "graphic",
                "édition": "edition", "type de publication": "publication-type"}),
    "es": LexisNexisWords(
        documents=(r"(\d+) de (\d+) DOCUMENTOS?",), end="Fin del documento", body="Cuerpo", words="palabras",
        headings=("Clasificación", "Gráfico"),
        cover=(r"Nombre de usuario:", r"Fecha y hora:", r"Número de trabajo:", r"Documentos \(\d+\)",
               r"Cliente/Asunto:", r"Términos de búsqueda:", r"Tipo de búsqueda:", r"Filtrado por",
               r"Tipo de contenido"),
        labels={"autor": "byline", "sección": "section", "seccion": "section", "longitud": "length",
                "idioma": "language", "fecha de carga": "load-date", "titular": "headline", "gráfico": "graphic",
                "edición": "edition", "tipo de publicación": "publication-type"}),
}


@dataclass(frozen=True)
class FactivaWords:
    """What Factiva prints in its article display (its field codes, HD, PD, SN..., are the same in every language)."""

    document: tuple[str, ...]  # "Document <accession number>" closing each article
    words: tuple[str, ...]  # the unit of its word count ("412 words")
    by: tuple[str, ...]  # the word a byline opens with ("By Ed Moss")
    rights: tuple[str, ...]  # a copyright's second line ("All rights reserved.")


FACTIVA: dict[str, FactivaWords] = {
    "en": FactivaWords(("Document",), ("words",), ("By", "BY"), ("All rights reserved",)),
    "de": FactivaWords(("Dokument",), ("Wörter",), ("Von", "VON"), ("Alle Rechte vorbehalten",)),
    "fr": FactivaWords(("Document",), ("mots",), ("Par", "PAR"), ("Tous droits réservés",)),
    "es": FactivaWords(("Documento",), ("palabras",), ("Por", "POR"), ("Todos los derechos reservados",)),
    "it": FactivaWords(("Documento",), ("parole",), ("Di",), ("Tutti i diritti riservati",)),
    "nl": FactivaWords(("Document",), ("woorden",), ("Door",), ("Alle rechten voorbehouden",)),
    "pt": FactivaWords(("Documento",), ("palavras",), ("Por",), ("Todos os direitos reservados",)),
    "sv": FactivaWords(("Dokument",), ("ord",), ("Av",), ("Alla rättigheter förbehållna",)),
}


def alternatives(words: Iterable[str]) -> str:
    """One regex group matching any of ``words`` (plain text), the longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"
