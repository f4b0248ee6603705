"""A refusal must cite its legal basis (Art. 15, 17): a law, a regulation or a rule, by title.

Without one the refusal cannot be recorded. The check is on form, not on content: the citation
names an instrument in 《》 whose title ends like a law, regulation or rule does. Whether the
instrument really forbids the sharing is what a dispute and the bureau's ruling (Art. 18) decide.

>>> cited("《中华人民共和国个人信息保护法》第十三条")
True
>>> cited("涉及个人隐私，不宜共享")
False
>>> cited("《内部管理要求》")
False
"""

from __future__ import annotations

import re

from sharing.vocabulary import BasisKind
from workflow.errors import invalid
from workflow.privacy import checked_text

# 法 (law), 条例 / 规定 / 办法 / 细则 / 决定 (regulations and rules), 规章 named as such.
_INSTRUMENT = re.compile(r"《[^《》]{2,80}(?:法|条例|规定|办法|细则|决定|规则|规章)》")


def cited(text: str) -> bool:
    return bool(_INSTRUMENT.search(text))


def checked_basis(kind: str | None, basis: str | None) -> tuple[BasisKind, str]:
    try:
        chosen = BasisKind(kind or "")
    except ValueError:
        raise invalid("[依据类别] 不同意共享须注明依据：法律（law）、法规（regulation）或规章（rule）",
                      "[basis_kind] a refusal must say whether it rests on a law, a regulation or a rule",
                      "missing_legal_basis") from None
    text = checked_text(basis, "法律依据", "legal basis")
    if not cited(text):
        raise invalid("[法律依据] 须以《》写明法律、法规或规章的名称（及条款），否则不能记录不同意",
                      "[legal basis] cite the law, regulation or rule by its title in 《》 (and article); "
                      "without one the refusal cannot be recorded", "missing_legal_basis")
    return chosen, text
