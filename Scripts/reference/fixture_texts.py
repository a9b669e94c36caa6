"""The documents every reference fixture is computed on (fixed text, no randomness except the seeded long text)."""

from __future__ import annotations

import random

TINY_CASES = [
    ("plain", "The applicant requests a loan to renovate a small bakery."),
    ("punctuation_numbers", "Income is stable, but the debt ratio rose to 4.5% in 2023! Refer?"),
    ("unicode", "Café owners wrote a naïve résumé — “approve” 中文 😀 too."),
    (
        "truncated",
        "The bank refers the file to a senior officer when the credit history is short, when the collateral "
        "is uncertain, or when the requested amount exceeds 250,000 dollars; we decline applications that "
        "show missed payments, unpaid taxes, or an income that cannot be verified, and a declined applicant "
        "may ask for a review within 30 days.",
    ),
    ("empty", ""),
]

TINY_BATCH = [
    "Approve the loan.",
    "The customer wants to refinance the remaining balance of the mortgage.",
    "Missed payments and unpaid taxes: decline.",
]

_SUBJECTS = [
    "The applicant", "Her employer", "The co-signer", "Our branch in Lyon", "The landlord", "A second bank",
    "The tax office", "The auditor", "The insurance broker", "His accountant", "The credit bureau",
    "The small bakery", "The farming cooperative", "The student", "The regional manager",
]
_VERBS = [
    "confirmed", "questioned", "reported", "documented", "disputed", "verified", "estimated", "delayed",
    "approved", "rejected", "summarised", "recalculated", "forwarded", "underestimated", "reviewed",
]
_OBJECTS = [
    "the monthly income", "the outstanding balance", "a late payment in March", "the collateral value",
    "the rental contract", "three recent payslips", "the debt-to-income ratio", "the business plan",
    "an unpaid invoice", "the mortgage schedule", "the seasonal revenue", "the guarantor's statement",
    "the repayment history", "a change of address", "the equipment lease",
]
_TAILS = [
    "before the committee met", "after a phone call on Tuesday", "with some hesitation",
    "without further comment", "despite missing signatures", "for the third time this year",
    "in a short handwritten note", "according to the file", "while the request was pending",
    "as required by the policy", "at the customer's request", "during the annual review",
]


def long_text(seed: int = 7, sentences: int = 40) -> str:
    """A varied English text of well over 600 WordPiece tokens, drawn with a seeded generator."""
    rng = random.Random(seed)
    parts = []
    for index in range(sentences):
        amount = f"{rng.randint(1, 900)},{rng.randint(0, 999):03d}"
        sentence = (
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} of {amount} euros "
            f"{rng.choice(_TAILS)}"
        )
        parts.append(sentence + ("?" if index % 11 == 5 else "."))
    return " ".join(parts)


# (name, text, attention storage): "full" stores [heads, n, n]; "rows" stores 4 rows and the column sums.
MINILM_CASES = [
    (
        "plain",
        "The applicant has a stable income and asks for a loan of 20,000 dollars to expand her bakery.",
        "full",
    ),
    ("accents", "The café owner's naïve résumé mentioned a façade renovation in Zürich.", "full"),
    ("quotes_dashes", "She said “approve it” — but the auditor’s note — dated 3 May — said ‘refer’…", "rows"),
    ("cjk", "申请人希望贷款五十万元用于扩大工厂。融資の審査をお願いします。대출 심사를 부탁드립니다.", "rows"),
    ("emoji", "Loan approved 🎉👍 but the customer was unhappy 😞 about the rate 📈 and fees 💸.", "rows"),
    ("vietnamese", "Người nộp đơn xin vay năm trăm triệu đồng để mở rộng cửa hàng của mình.", "rows"),
    (
        "numbers",
        "The balance is 1,234,567.89 USD; the fee is 12 500 € (or 12\u00a0500 €), the rate 3.75% and the term "
        "360 months.",
        "rows",
    ),
    ("long", long_text(), "rows"),
    ("empty", "", "full"),
    (
        "mixed_script",
        "Client Müller (ID 4471) wrote «Спасибо» and 谢谢 after the مراجعة review of his Ελληνικά file.",
        "rows",
    ),
]

MINILM_BATCH = [
    "Approve the loan.",
    "The customer wants to refinance the remaining balance of her mortgage at a lower rate.",
    "Decline: missed payments, unpaid taxes and an income that cannot be verified.",
]

# Attribution cases: short texts (MiniLM: n <= 48, the last one about 40 tokens).
ATTRIBUTION_TEXTS = {
    "minilm-head": [
        "We decline: missed payments and unpaid taxes.",
        "The café owner has a stable income and asks for a small loan.",
        "The applicant has worked at the same bakery for six years, pays rent on time, and asks for a loan "
        "of 20,000 dollars to buy a second oven before the busy winter season.",
    ],
    "tiny": [
        "Approve the loan for the small bakery.",
        "Missed payments and unpaid taxes: decline.",
        "The officer checks the proposal, the income and the collateral, then signs the dossier for audit.",
    ],
}
