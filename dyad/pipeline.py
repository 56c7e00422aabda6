"""The coding pipeline: parsed articles -> resolved actors -> events.

    Iterable[Article] -> Iterator[CodedArticle]

It streams: articles are parsed in batches with ``nlp.pipe`` and each result is
yielded as soon as it is ready, so memory stays flat however long the input is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import spacy

from dyad import __version__, actors, events, nlp
from dyad.config import Settings
from dyad.records import Article, CodedArticle

log = logging.getLogger(__name__)


class Pipeline:
    """The spaCy pipeline, the actor knowledge base and the event ontology, loaded once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = nlp.load(self.settings.model)
        self.kb = actors.load(self.settings.actors)
        self.onto = events.load()

    @property
    def versions(self) -> dict[str, str]:
        return {"dyad": __version__, "spacy": spacy.__version__, "pipeline": nlp.version(self.nlp)}

    def code(
        self, articles: Iterable[Article], memory: actors.Memory | None = None
    ) -> Iterator[CodedArticle]:
        """Code articles in order, one ``CodedArticle`` each.

        Args:
            memory: roles learned from other articles; each article's own are added to
                it once the article is coded, so later articles can use them.
        """
        limit = self.settings.max_chars
        pairs = ((a.text[:limit], a) for a in articles)
        for doc, article in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.settings.batch_size
        ):
            if len(article.text) > limit:
                log.warning(
                    "article %s is %d characters; coded its first %d",
                    article.id,
                    len(article.text),
                    limit,
                )
            found = actors.resolve_doc(doc, self.kb, article.date, memory, article.id)
            coded = [
                actors.as_of_event(e, self.kb)
                for e in events.extract(doc, found, article, self.onto)
            ]
            if not self.settings.keep_nonfactual:
                coded = [e for e in coded if e.modality.factual]
            text = doc.text  # rebuilt by spaCy on every access: once per article
            sentences = tuple(_trimmed(text, s.start_char, s.end_char) for s in doc.sents)
            if memory is not None:
                memory.add(found.learned)
            yield CodedArticle(
                article, sentences, tuple(found.mentions), tuple(coded), tuple(found.learned)
            )

    def code_one(self, article: Article) -> CodedArticle:
        return next(self.code([article]))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
