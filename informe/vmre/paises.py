"""Catálogo de países y territorios con su nombre en español, como los escribe el INE en sus tablas.

Sirve para reconocer la fila de un país aunque cambien mayúsculas o acentos, y para sugerir el más
parecido cuando un nombre no está. Los alias son variantes que aparecen en los informes.
"""

from __future__ import annotations

from functools import lru_cache

from ..lengua import normalizar, parecido

PAISES: tuple[str, ...] = (
    "Afganistán", "Albania", "Alemania", "Andorra", "Angola", "Antigua y Barbuda", "Arabia Saudita", "Argelia",
    "Argentina", "Armenia", "Aruba", "Australia", "Austria", "Azerbaiyán", "Bahamas", "Bangladés", "Barbados",
    "Bahréin", "Bélgica", "Belice", "Benín", "Bermudas", "Bielorrusia", "Bolivia", "Bosnia y Herzegovina",
    "Botsuana", "Brasil", "Brunéi", "Bulgaria", "Burkina Faso", "Burundi", "Bután", "Cabo Verde", "Camboya",
    "Camerún", "Canadá", "Chad", "Chile", "China", "Chipre", "Colombia", "Comoras", "Congo",
    "Costa de Marfil", "Costa Rica", "Croacia", "Cuba", "Curazao", "Dinamarca", "Dominica", "Ecuador", "Egipto",
    "El Salvador", "Emiratos Árabes Unidos", "Eritrea", "Eslovaquia", "Eslovenia", "España",
    "Estado de la Ciudad del Vaticano", "Estados Unidos de América", "Estonia", "Esuatini", "Etiopía",
    "Federación de Rusia", "Filipinas", "Finlandia", "Fiyi", "Francia", "Gabón", "Gambia", "Georgia", "Ghana",
    "Granada", "Grecia", "Groenlandia", "Guatemala", "Guinea", "Guinea Ecuatorial", "Guyana", "Haití",
    "Honduras", "Hong Kong", "Hungría", "India", "Indonesia", "Irak", "Irán", "Irlanda", "Islandia",
    "Islas Caimán", "Israel", "Italia", "Jamaica", "Japón", "Jordania", "Kazajistán", "Kenia", "Kirguistán",
    "Kuwait", "Laos", "Lesoto", "Letonia", "Líbano", "Liberia", "Libia", "Liechtenstein", "Lituania",
    "Luxemburgo", "Macao", "Madagascar", "Malasia", "Malaui", "Maldivas", "Malí", "Malta", "Marruecos",
    "Mauricio", "Mauritania", "Moldavia", "Mónaco", "Mongolia", "Montenegro", "Mozambique", "Myanmar",
    "Namibia", "Nepal", "Nicaragua", "Níger", "Nigeria", "Noruega", "Nueva Zelanda", "Omán", "Países Bajos",
    "Pakistán", "Palestina", "Panamá", "Papúa Nueva Guinea", "Paraguay", "Perú", "Polonia", "Portugal",
    "Puerto Rico", "Qatar", "Reino Unido", "República Centroafricana", "República Checa", "República de Corea",
    "República de Macedonia del Norte", "República Democrática del Congo", "República Dominicana", "Ruanda",
    "Rumania", "San Cristóbal y Nieves", "San Marino", "San Vicente y las Granadinas", "Santa Lucía", "Senegal",
    "Serbia", "Seychelles", "Sierra Leona", "Singapur", "Siria", "Somalia", "Sri Lanka", "Sudáfrica", "Sudán",
    "Suecia", "Suiza", "Surinam", "Tailandia", "Taiwán", "Tanzania", "Tayikistán", "Timor Oriental", "Togo",
    "Trinidad y Tobago", "Túnez", "Turkmenistán", "Turquía", "Ucrania", "Uganda", "Uruguay", "Uzbekistán",
    "Venezuela", "Vietnam", "Yemen", "Yibuti", "Zambia", "Zimbabue",
)
ALIAS = {
    "EUA": "Estados Unidos de América", "Estados Unidos": "Estados Unidos de América",
    "Catar": "Qatar", "Baréin": "Bahréin", "Rusia": "Federación de Rusia", "Corea del Sur": "República de Corea",
    "Macedonia del Norte": "República de Macedonia del Norte", "Vaticano": "Estado de la Ciudad del Vaticano",
    "Holanda": "Países Bajos", "Chequia": "República Checa",
}


@lru_cache(maxsize=1)
def _indice() -> dict[str, str]:
    indice = {normalizar(p): p for p in PAISES}
    indice.update({normalizar(a): p for a, p in ALIAS.items()})
    return indice


def buscar(texto: str) -> str | None:
    """El nombre del catálogo, o None. Las tablas del INE usan «EUA»: se acepta y se escribe así."""
    hallado = _indice().get(normalizar(texto))
    return "EUA" if hallado == "Estados Unidos de América" else hallado


def parecido_a(texto: str) -> str | None:
    return parecido(texto, list(PAISES) + list(ALIAS))
