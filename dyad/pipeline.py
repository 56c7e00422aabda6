"""The coding pipeline: parsed articles -> resolved actors -> events.

    Iterable[Article] -> Iterator[CodedArticle]

It streams: articles are parsed in batches with ``nlp.pipe`` and each result is
yielded as soon as it is ready, so memory stays flat however long the input is.
``Pipeline.parse_ahead`` parses the next batches in worker processes (``processes``)
while this process codes the current one (``dyad.nlp.workers``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

import spacy
from spacy.tokens import Doc

from dyad import __version__, actors, events, nlp
from dyad.config import Settings
from dyad.nlp.workers import parse_ahead
from dyad.records import Article, CodedArticle

log = logging.getLogger(__name__)

Item = TypeVar("Item")


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

    def parse_ahead(
        self, items: Iterable[Item], articles: Callable[[Item], Sequence[Article]]
    ) -> Iterator[tuple[Item, dict[str, Doc | Exception]]]:
        """Each item (a batch) with its articles parsed: article id -> Doc, or the error
        that parsing it raised. With ``settings.processes`` above 1, worker processes
        parse the next items while the caller codes this one.

        Args:
            articles: an item's articles to parse; called up to ``2 * processes`` items
                ahead of the item yielded.
        """
        limit = self.settings.max_chars
        planned = ((item, articles(item)) for item in items)
        for (item, chosen), docs in parse_ahead(
            self.nlp,
            self.settings.model,
            planned,
            lambda plan: [a.text[:limit] for a in plan[1]],
            processes=self.settings.processes,
            batch_size=self.settings.batch_size,
        ):
            yield item, {a.id: doc for a, doc in zip(chosen, docs, strict=True)}

    def code(
        self,
        articles: Iterable[Article],
        memory: actors.Memory | None = None,
        parsed: Mapping[str, Doc | Exception] | None = None,
    ) -> Iterator[CodedArticle]:
        """Code articles in order, one ``CodedArticle`` each.

        Args:
            memory: roles learned from other articles; each article's own are added to
                it once the article is coded, so later articles can use them.
            parsed: articles already parsed (``parse_ahead``), by id; the others are
                parsed here. An article whose parse failed raises its error.
        """
        limit = self.settings.max_chars
        pairs = ((a.text[:limit], a) for a in articles)
        docs: Iterable[tuple[Doc | Exception, Article]]
        if parsed is None:
            docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.settings.batch_size)
        else:
            docs = ((parsed[a.id] if a.id in parsed else self.nlp(t), a) for t, a in pairs)
        for doc, article in docs:
            if isinstance(doc, Exception):
                raise doc
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
