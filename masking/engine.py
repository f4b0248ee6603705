"""The recognisers as a Presidio ``AnalyzerEngine`` for language ``zh``, built offline.

Presidio's default engine loads a spaCy model (a download, impossible here) and its context
enhancer needs tokens; so the engine gets a ``NoOpNlpEngine`` and each detector family runs as
one :class:`DetectorRecognizer`, scoring context words itself. :class:`masking.scan.Scanner`
runs the same detectors without Presidio's per-call overhead; this engine is what other
Presidio users plug in, and the baseline the speed benchmark measures against.
"""

from __future__ import annotations

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NoOpNlpEngine

from masking.recognizers import all_detectors
from masking.recognizers.base import ContextWords, Detector, Header
from standards.normalise import fold_width

LANGUAGE = "zh"


class DetectorRecognizer(EntityRecognizer):
    def __init__(self, detector: Detector, context: ContextWords):
        super().__init__(
            supported_entities=[e.value for e in detector.entities],
            name=type(detector).__name__,
            supported_language=LANGUAGE,
        )
        self.detector = detector
        # Not `self.context`: Presidio keeps its own context-word list under that name.
        self.context_words = context

    def load(self) -> None:
        """Nothing to load: word lists are read when the detector is built."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        folded = fold_width(text)
        spans = self.context_words.score(self.detector.find(folded, Header()), folded, Header())
        return [RecognizerResult(s.entity.value, s.start, s.end, s.score) for s in spans if s.entity.value in entities]


def build_analyzer(threshold: float = 0.5) -> AnalyzerEngine:
    context = ContextWords.load()
    registry = RecognizerRegistry(
        recognizers=[DetectorRecognizer(d, context) for d in all_detectors()],
        supported_languages=[LANGUAGE],
    )
    nlp = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp,
        supported_languages=[LANGUAGE],
        default_score_threshold=threshold,
    )
