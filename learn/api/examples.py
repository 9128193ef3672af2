"""Example answers for the content API's documentation (/api/docs/)."""

_SITE = "https://ms.example.org"

MODULE = {
    "slug": "gut-brain-axis",
    "title": "The gut-brain axis",
    "summary": (
        "The microbes in your gut, how they talk to your brain and immune system, and what "
        "studies find in MS."
    ),
    "position": 2,
    "lesson_count": 4,
    "url": f"{_SITE}/learn/gut-brain-axis/",
    "language": "en",
    "language_fallback": False,
}

MODULE_DETAIL = MODULE | {
    "lessons": [
        {
            "slug": "gut-microbiome",
            "title": "Your gut microbiome",
            "summary": (
                "Trillions of tiny living things live in your gut. This lesson explains what they "
                "are and the helpful jobs they do."
            ),
            "url": f"{_SITE}/learn/gut-brain-axis/gut-microbiome/",
        }
    ],
}

_TOPIC = {"slug": "gut-brain-axis", "name": "The gut-brain axis"}

ARTICLE = {
    "slug": "gut-microbiome",
    "title": "Your gut microbiome",
    "summary": (
        "Trillions of tiny living things live in your gut. This lesson explains what they "
        "are and the helpful jobs they do."
    ),
    "module": {"slug": "gut-brain-axis", "title": "The gut-brain axis"},
    "position": 1,
    "topics": [_TOPIC],
    "evidence_level": "established",
    "evidence_label": "Established",
    "evidence_as_of": "2026-02",
    "reading_minutes": 4,
    "published_at": "2026-03-02T09:00:00Z",
    "last_reviewed_on": "2026-03-01",
    "next_review_on": "2027-03-01",
    "url": f"{_SITE}/learn/gut-brain-axis/gut-microbiome/",
    "language": "en",
    "language_fallback": False,
}

ARTICLE_DETAIL = ARTICLE | {
    "word_count": 812,
    "evidence_explanation": (
        "Backed by many studies in people and accepted by medical guidelines."
    ),
    "author": {"name": "Sam Lee", "qualifications": "RN, MS specialist nurse", "role": ""},
    "medical_reviewer": {"name": "Dr Ana Ruiz", "qualifications": "MD, neurologist", "role": ""},
    "body": "## What lives in your gut\n\nYour gut is home to trillions of microbes.[^1]\n",
    "body_html": (
        '<h2 id="what-lives-in-your-gut">What lives in your gut</h2>\n'
        "<p>Your gut is home to trillions of microbes."
        '<sup class="citation"><a href="#source-1" title="Source 1">[1]</a></sup></p>\n'
    ),
    "references": [
        {
            "number": 1,
            "title": "Gut microbiome of multiple sclerosis patients and paired household "
            "healthy controls reveal associations with disease risk and course",
            "url": "https://www.cell.com/cell/fulltext/S0092-8674(22)01115-1",
            "kind": "study",
            "is_commercial": False,
            "authors": "iMSMS Consortium",
            "publisher": "Cell",
            "year": 2022,
            "doi": "",
            "pmid": "",
            "note": "",
        }
    ],
}

FAQ = {
    "slug": "can-probiotics-cure-ms",
    "question": "Can probiotics cure MS?",
    "answer": "No. Probiotics are not a cure for MS and do not replace your MS medicine.",
    "answer_html": (
        "<p>No. Probiotics are not a cure for MS and do not replace your MS medicine.</p>\n"
    ),
    "topic": {"slug": "probiotics", "name": "Probiotics"},
    "related_lessons": [
        {
            "slug": "human-studies",
            "title": "What studies in people show",
            "summary": "Small studies in people, and what they can and cannot tell us yet.",
            "url": f"{_SITE}/learn/probiotics-and-ms/human-studies/",
        }
    ],
    "references": [
        {
            "slug": "nmss",
            "title": "National Multiple Sclerosis Society",
            "url": "https://www.nationalmssociety.org/",
            "kind": "organisation",
            "is_commercial": False,
        }
    ],
    "url": f"{_SITE}/faq/can-probiotics-cure-ms/",
    "language": "en",
    "language_fallback": False,
}

REFERENCE = {
    "slug": "imsms-2022",
    "title": ARTICLE_DETAIL["references"][0]["title"],
    "url": "https://www.cell.com/cell/fulltext/S0092-8674(22)01115-1",
    "kind": "study",
    "authors": "iMSMS Consortium",
    "publisher": "Cell",
    "year": 2022,
    "doi": "",
    "pmid": "",
    "summary": "576 people with MS, each paired with a healthy person from the same household.",
    "is_commercial": False,
    "topics": [_TOPIC],
}
