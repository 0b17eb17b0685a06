"""The data-protection supervisory authority of each EU/EEA country and the UK, for the shop's default.

A shop complains-to address is its own country's authority (GDPR Art. 77 lets a customer choose
theirs too; the policy says so). Germany has one authority per federal state for businesses: the
default names the federal commissioner and the owner should set the state authority.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    name: str
    url: str


AUTHORITIES: dict[str, Authority] = {
    "AT": Authority("Österreichische Datenschutzbehörde", "https://www.dsb.gv.at/"),
    "BE": Authority("Autorité de protection des données / Gegevensbeschermingsautoriteit",
                    "https://www.dataprotectionauthority.be/"),
    "BG": Authority("Commission for Personal Data Protection", "https://www.cpdp.bg/"),
    "HR": Authority("Agencija za zaštitu osobnih podataka (AZOP)", "https://azop.hr/"),
    "CY": Authority("Commissioner for Personal Data Protection", "https://www.dataprotection.gov.cy/"),
    "CZ": Authority("Úřad pro ochranu osobních údajů", "https://uoou.gov.cz/"),
    "DK": Authority("Datatilsynet", "https://www.datatilsynet.dk/"),
    "EE": Authority("Andmekaitse Inspektsioon", "https://www.aki.ee/"),
    "FI": Authority("Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto)", "https://tietosuoja.fi/"),
    "FR": Authority("Commission nationale de l'informatique et des libertés (CNIL)", "https://www.cnil.fr/"),
    "DE": Authority("Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)",
                    "https://www.bfdi.bund.de/"),
    "GR": Authority("Hellenic Data Protection Authority", "https://www.dpa.gr/"),
    "HU": Authority("Nemzeti Adatvédelmi és Információszabadság Hatóság (NAIH)", "https://www.naih.hu/"),
    "IE": Authority("Data Protection Commission", "https://www.dataprotection.ie/"),
    "IT": Authority("Garante per la protezione dei dati personali", "https://www.garanteprivacy.it/"),
    "LV": Authority("Datu valsts inspekcija", "https://www.dvi.gov.lv/"),
    "LT": Authority("Valstybinė duomenų apsaugos inspekcija", "https://vdai.lrv.lt/"),
    "LU": Authority("Commission nationale pour la protection des données (CNPD)", "https://cnpd.public.lu/"),
    "MT": Authority("Information and Data Protection Commissioner", "https://idpc.org.mt/"),
    "NL": Authority("Autoriteit Persoonsgegevens", "https://www.autoriteitpersoonsgegevens.nl/"),
    "PL": Authority("Urząd Ochrony Danych Osobowych (UODO)", "https://uodo.gov.pl/"),
    "PT": Authority("Comissão Nacional de Proteção de Dados (CNPD)", "https://www.cnpd.pt/"),
    "RO": Authority("Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP)",
                    "https://www.dataprotection.ro/"),
    "SK": Authority("Úrad na ochranu osobných údajov Slovenskej republiky", "https://dataprotection.gov.sk/"),
    "SI": Authority("Informacijski pooblaščenec", "https://www.ip-rs.si/"),
    "ES": Authority("Agencia Española de Protección de Datos (AEPD)", "https://www.aepd.es/"),
    "SE": Authority("Integritetsskyddsmyndigheten (IMY)", "https://www.imy.se/"),
    # EEA members outside the EU
    "IS": Authority("Persónuvernd", "https://www.personuvernd.is/"),
    "LI": Authority("Datenschutzstelle Liechtenstein", "https://www.datenschutzstelle.li/"),
    "NO": Authority("Datatilsynet", "https://www.datatilsynet.no/"),
    "GB": Authority("Information Commissioner's Office (ICO)", "https://ico.org.uk/"),
}


def authority_for(country: str) -> Authority | None:
    """The supervisory authority of `country` (ISO 3166-1 alpha-2), or None outside the EU/EEA and the UK."""
    return AUTHORITIES.get((country or "").upper())
