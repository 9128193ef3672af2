"""A module's translation job: every text a translator needs for one module, as units.

A module's job holds the module, its lessons, the FAQs that link to one of them, the glossary
terms its lessons use (the terms the lesson pages link), its learning objectives and its
quizzes with their questions and choices (feedback and misconception labels included). It
lives in quizzes because it needs quizzes, learn and editorial (quizzes is the lowest app that
sees all three).

Each text is a `Text`: the source row and field, and the row in the target language when
there is one. Unit ids name the source, never the translation, so a file exported before the
translation existed still imports: "<app>.<model>:<translation_key>:<field>" for published
items, "learn.learningobjective:<module key>:<code>:text" for objectives and
"quizzes.question:<id>:<field>" / "quizzes.choice:<id>:<field>" for the source quiz's rows.
A text with an empty source (an empty misconception label, a term's unused "more detail")
is left out.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from editorial.models import GlossaryTerm
from learn.models import FAQ, Article, Module
from publishing.rendering import GlossaryEntry, glossary_terms_used
from publishing.translation_files import Unit, to_po, to_xliff
from quizzes.models import Choice, Question, Quiz

FORMATS = {
    "po": ("po", "text/x-gettext-translation; charset=utf-8"),
    "xliff": ("xlf", "application/xliff+xml; charset=utf-8"),
}
FIELDS = {
    Module: ("title", "summary"),
    Article: ("title", "summary", "body"),
    FAQ: ("question", "answer"),
    GlossaryTerm: ("term", "also_matches", "short_definition", "body"),
    Quiz: ("title", "intro"),
    Question: ("prompt", "explanation", "anchor"),
    Choice: ("text", "feedback", "misconception"),
}
MARKDOWN = {(Article, "body"), (FAQ, "answer"), (GlossaryTerm, "body")}


@dataclass
class Text:
    """One translatable field: `source` is the source row, `owner` the published item the
    translation belongs to (the row itself, or its module or quiz), `translation` the row in
    the target language or None. `key` says where it is in the sample files."""

    unit_id: str
    source: object
    field: str
    owner: object
    translation: object = None
    key: tuple = ()

    @property
    def source_text(self):
        return getattr(self.source, self.field)

    @property
    def target_text(self):
        """The translation's text; empty while it is still the copied English."""
        if self.translation is None:
            return ""
        value = getattr(self.translation, self.field)
        return "" if value == self.source_text else value

    def unit(self):
        return Unit(self.unit_id, self.source_text, self.target_text, self.note())

    def note(self):
        model = type(self.source)
        label = model._meta.get_field(self.field).verbose_name
        note = f"{model._meta.verbose_name}: {str(self.source)[:80]} ({label})"
        if (model, self.field) in MARKDOWN:
            note += "\n" + _("Markdown: keep the [^N] citation markers and the headings in order.")
        if self.field == "anchor":
            note += "\n" + _("The id of the same section's heading in the translated lesson.")
        return note


def _item_id(item):
    return f"{item._meta.app_label}.{item._meta.model_name}:{item.translation_key}"


def _translations(model, items, language):
    """{translation_key: translated row} for `items`, in one query."""
    keys = [item.translation_key for item in items]
    rows = model.objects.filter(locale=language, translation_key__in=keys)
    return {row.translation_key: row for row in rows}


def _item_texts(model, items, language, key):
    found = _translations(model, items, language)
    texts = [
        Text(f"{_item_id(item)}:{field}", item, field, item, found.get(item.translation_key))
        for item in items
        for field in FIELDS[model]
        if getattr(item, field)
    ]
    for text in texts:
        text.key = key(text.source)
    return texts


def _glossary_terms(lessons):
    terms = list(GlossaryTerm.objects.sources().published().order_by("slug"))
    entries = [GlossaryEntry(t.slug, t.term, tuple(t.variants), "", "") for t in terms]
    used = set().union(*(glossary_terms_used(lesson.body_html, entries) for lesson in lessons))
    return [term for term in terms if term.slug in used]


def _objective_texts(module, translation):
    found = {o.code: o for o in translation.objectives.all()} if translation else {}
    return [
        Text(
            f"learn.learningobjective:{module.translation_key}:{objective.code}:text",
            objective,
            "text",
            module,
            found.get(objective.code),
            ("objective", module.slug, objective.code),
        )
        for objective in module.objectives.all()
    ]


def _quiz_texts(quizzes, translated_quizzes):
    """Questions and choices of the source quizzes, with their copies in the translations."""
    questions = list(
        Question.objects.filter(quiz__in=quizzes).order_by("quiz_id", "position", "pk")
    )
    choices = {}
    for choice in Choice.objects.filter(question__in=questions).order_by("position", "pk"):
        choices.setdefault(choice.question_id, []).append(choice)
    copies = [quiz.pk for quiz in translated_quizzes.values()]
    found_questions = {q.source_question_id: q for q in Question.objects.filter(quiz__in=copies)}
    found_choices = {
        c.source_choice_id: c for c in Choice.objects.filter(question__quiz__in=copies)
    }
    by_quiz, counts, texts = {quiz.pk: quiz for quiz in quizzes}, {}, []
    for question in questions:
        quiz = by_quiz[question.quiz_id]
        number = counts[quiz.pk] = counts.get(quiz.pk, -1) + 1
        texts += [
            Text(
                f"quizzes.question:{question.pk}:{field}",
                question,
                field,
                quiz,
                found_questions.get(question.pk),
                ("question", quiz.slug, number),
            )
            for field in FIELDS[Question]
            if getattr(question, field)
        ]
        for index, choice in enumerate(choices.get(question.pk, [])):
            texts += [
                Text(
                    f"quizzes.choice:{choice.pk}:{field}",
                    choice,
                    field,
                    quiz,
                    found_choices.get(choice.pk),
                    ("choice", quiz.slug, number, index),
                )
                for field in FIELDS[Choice]
                if getattr(choice, field)
            ]
    return texts


def module_texts(module, language):
    """Every `Text` of the module's job into `language`, in reading order."""
    lessons = list(Article.objects.sources().filter(module=module).order_by("position", "pk"))
    faqs = list(
        FAQ.objects.sources()
        .filter(related_articles__in=lessons)
        .distinct()
        .order_by("topic__position", "position", "pk")
    )
    quizzes = list(Quiz.objects.sources().filter(module=module).order_by("pk"))
    own = _item_texts(Module, [module], language, lambda m: ("module", m.slug))
    translated_module = own[0].translation if own else None  # a module always has a title
    return [
        *own,
        *_objective_texts(module, translated_module),
        *_item_texts(Article, lessons, language, lambda a: ("lesson", a.slug)),
        *_item_texts(FAQ, faqs, language, lambda f: ("faq", f.slug)),
        *_item_texts(GlossaryTerm, _glossary_terms(lessons), language, lambda t: ("term", t.slug)),
        *_item_texts(Quiz, quizzes, language, lambda q: ("quiz", q.slug)),
        *_quiz_texts(quizzes, _translations(Quiz, quizzes, language)),
    ]


def export_module(module, *, language, file_format):
    """(file name, content type, text) of the module's translation file."""
    units = [text.unit() for text in module_texts(module, language)]
    extension, content_type = FORMATS[file_format]
    if file_format == "po":
        content = to_po(units, language)
    else:
        content = to_xliff(units, settings.LANGUAGE_CODE, language)
    return f"{module.slug}.{language}.{extension}", content_type, content
