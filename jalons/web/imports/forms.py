from django import forms

from jalons.imports.enums import ImportKind

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".xlsx")


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Que contient le fichier ?",
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.PARTICIPANTS,
    )
    file = forms.FileField(
        label="Fichier CSV (UTF-8, séparateur ; ou ,) ou XLSX",
        help_text="La première ligne porte les noms des colonnes. 50 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError("Choisissez un fichier CSV (.csv) ou Excel (.xlsx).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Le fichier dépasse 50 Mo : découpez-le en plusieurs.")
        return upload
