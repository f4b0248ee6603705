"""Person names (PERSON): a small generative model of Chinese names against jieba's dictionary.

Chinese text has no spaces and no capitals, and a name can stand anywhere: after any role word
(审核人, 楼长, 其父), before any verb (证实, 签字确认), at a sentence start, in a list, on a
signature line. Listing trigger words never ends, so a name is read the way a segmenter reads
one: a stretch of text is a name when *name* explains it better than ordinary words do.

- :mod:`.lexicon` — the word lists: surnames and given-name characters by tier, transliterated
  name parts, and jieba's dictionary as the word model.
- :mod:`.decode` — the decoding: candidate starts, regions, and a Viterbi comparing the best
  segmentation with name tokens against the best without.
- :mod:`.context` — the odds the text around a candidate adds: labels, role words, verbs,
  honorifics, places and firms, list neighbours.
- :mod:`.detector` — :class:`NameDetector`: whole cells, transliterated names, running text.
"""

from __future__ import annotations

from masking.recognizers.names.detector import NameDetector
from masking.recognizers.names.lexicon import lexicon, surnames

__all__ = ["NameDetector", "lexicon", "surnames"]
