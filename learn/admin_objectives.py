"""Learning objectives in the admin: edited in order on their module's page.

An objective lists the lessons that teach it; only lessons of the same module may be chosen,
so "After this lesson you can…" never shows another module's objective.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learn.models import Article
from learn.objectives import LearningObjective


class ObjectiveInlineForm(forms.ModelForm):
    class Meta:
        model = LearningObjective
        fields = ["position", "code", "text", "articles"]
        widgets = {"text": forms.TextInput(attrs={"class": "vTextField", "size": 60})}

    def __init__(self, *args, module=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.module = module
        field = self.fields["articles"]
        field.queryset = Article.objects.all()
        # Only the module's lessons are offered; another id typed in is refused in clean.
        lessons = Article.objects.filter(module_id=module.pk) if module and module.pk else []
        field.widget.choices = [(lesson.pk, lesson.title) for lesson in lessons]

    def clean_articles(self):
        lessons = self.cleaned_data["articles"]
        module_id = self.module.pk if self.module else None
        if strays := [lesson for lesson in lessons if lesson.module_id != module_id]:
            raise forms.ValidationError(
                gettext("“%(lesson)s” is a lesson of another module. Choose this module's lessons.")
                % {"lesson": strays[0].title}
            )
        return lessons


class ObjectiveInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return super().get_form_kwargs(index) | {"module": self.instance}


class ObjectiveInline(admin.TabularInline):
    """A module's learning objectives, in the order learners see them."""

    model = LearningObjective
    form = ObjectiveInlineForm
    formset = ObjectiveInlineFormSet
    extra = 0
    ordering = ["position", "pk"]
    verbose_name_plural = _(
        "learning objectives (“I can …”, in the order learners see them; questions are tagged "
        "with them in the question admin or by code in the CSV import)"
    )

    def get_formset(self, request, obj=None, **kwargs):
        # The lesson list is the module's own, rendered as checkboxes (a few lessons each).
        kwargs["widgets"] = {"articles": forms.CheckboxSelectMultiple}
        return super().get_formset(request, obj, **kwargs)
