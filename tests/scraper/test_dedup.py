"""Near-duplicate detection: syndicated copies match, different stories do not."""

from scraper import dedup

WIRE = (
    "Les données personnelles de plus de 126 000 patients ont été dérobées lors d'une "
    "cyberattaque visant le système informatique d'une clinique de Saint-Étienne, sans "
    "conséquence sur son fonctionnement, selon l'établissement et le parquet de Paris. "
    "Un courriel a été adressé jeudi aux patients concernés ; quarante d'entre eux, dont des "
    "données médicales ont été prises, seront contactés un par un. L'attaque a été menée du "
    "26 juin au 1er juillet et visait presque exclusivement des données administratives. "
    "La section cybercriminalité du parquet a confié l'enquête à l'Office anticybercriminalité."
)
COPY = "Saint-Étienne (AFP) — " + WIRE + " Le groupe n'a pas dit s'il avait reçu une demande."
OTHER = (
    "Une cyberattaque a visé les serveurs des services numériques régionaux de santé en "
    "Normandie et dans les Hauts-de-France. Les identités des patients ont été récupérées mais "
    "les dossiers médicaux ne seraient pas concernés, selon les agences régionales de santé, "
    "qui signalent un risque d'hameçonnage et des comptes neutralisés."
)


def test_signature_is_deterministic_and_round_trips() -> None:
    a, b = dedup.signature(WIRE), dedup.signature(WIRE)
    assert dedup.to_bytes(a) == dedup.to_bytes(b)
    assert dedup.from_bytes(dedup.to_bytes(a)).jaccard(a) == 1.0


def test_syndicated_copy_is_similar_and_other_story_is_not() -> None:
    index = dedup.Clusterer()
    index.add("press", "wire", dedup.signature(WIRE))
    index.add("press", "other", dedup.signature(OTHER))
    assert index.similar("press", dedup.signature(COPY)) == ["wire"]
    assert index.similar("official", dedup.signature(COPY)) == []  # kinds never mix
