"""JSON Schema del archivo de una JLE, para que el editor valide y complete al escribir.

Es una ayuda para el editor (el servidor de lenguaje YAML lo lee por la línea
`# yaml-language-server: $schema=…` de la plantilla); la validación que cuenta es
la de `informe validar`. Donde un esquema puede decidir, decide lo mismo que
`validar` (lo comprueba `tests/test_esquema.py` con check-jsonschema sobre
`ejemplos/invalidos/`): fechas que existen, entidades y valores de catálogo con
cualquier combinación de mayúsculas y acentos, textos no vacíos. Lo que depende
del texto fuente (ceros a la izquierda, anclas YAML), de otros archivos (historia,
seguimiento) o del periodo (fechas dentro de él) solo lo ve `validar`.

Los mensajes van en español con `errorMessage`/`patternErrorMessage`, extensiones
que el servidor de lenguaje YAML muestra en lugar de las suyas en inglés; los demás
validadores las ignoran. `doNotSuggest` evita que el editor ofrezca el `id`, que
asigna la DEOE.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import catalogos as cat

# Una fecha AAAA-MM-DD que existe: meses de 31 y de 30 días, febrero hasta el 28 y el 29 solo en año bisiesto
# (divisible entre 4 y no entre 100, o entre 400).
_FECHA_REAL = (
    r"^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
)


@lru_cache(maxsize=1)
def _variantes() -> dict[str, str]:
    """Letra normalizada → todas las letras latinas que `catalogos.normalizar` lleva a ella (Á, á, A, a…)."""
    grupos: dict[str, set[str]] = {}
    for codigo in range(0x20, 0x250):
        letra = chr(codigo)
        if not letra.isalnum():
            continue
        base = cat.normalizar(letra)
        if len(base) == 1:
            grupos.setdefault(base, set()).add(letra)
    return {base: "".join(sorted(letras)) for base, letras in grupos.items()}


def patron_sin_acentos(valores) -> str:
    """Una expresión que acepta cada valor con cualquier mezcla de mayúsculas y acentos, como `normalizar`:
    los espacios y puntos entre palabras cuentan como un separador y se ignoran al principio y al final."""
    variantes = _variantes()
    alternativas = []
    for valor in sorted({cat.normalizar(v) for v in valores}):
        palabras = []
        for palabra in valor.split():
            palabras.append("".join(f"[{re.escape(variantes[c])}]" if len(variantes.get(c, c)) > 1 else re.escape(c)
                                    for c in palabra))
        alternativas.append(r"[\s.]+".join(palabras))
    return r"^[\s.]*(?:" + "|".join(alternativas) + r")[\s.]*$"


def _catalogo(valores, alias, que: str, descripcion: str) -> dict:
    canonicos = list(valores)
    return {"type": "string", "description": descripcion,
            "pattern": patron_sin_acentos([*canonicos, *alias]),
            "examples": canonicos, "defaultSnippets": [{"label": v, "body": v} for v in canonicos],
            **_mensaje(f"{que} no está en el catálogo. Use uno de: {', '.join(canonicos)}.")}


def _mensaje(texto: str) -> dict:
    """El mismo mensaje en español para cualquier error del campo y para el de su expresión."""
    return {"errorMessage": texto, "patternErrorMessage": texto}


def _fecha(descripcion: str) -> dict:
    return {"type": "string", "pattern": _FECHA_REAL, "description": descripcion,
            **_mensaje("Escriba una fecha que exista, con la forma AAAA-MM-DD (por ejemplo 2024-05-23).")}


def _texto(descripcion: str) -> dict:
    return {"type": "string", "pattern": r"\S", "maxLength": 20_000, "description": descripcion,
            "errorMessage": "Escriba el texto (no puede quedar vacío ni pasar de 20,000 caracteres).",
            "patternErrorMessage": "El texto no puede quedar vacío."}


def _objeto(propiedades: dict, requeridas: list[str], descripcion: str) -> dict:
    nombres = ", ".join(propiedades)
    return {"type": "object", "description": descripcion, "additionalProperties": False, "required": requeridas,
            "properties": propiedades,
            "errorMessage": f"Claves admitidas aquí: {nombres}" + (f" (obligatorias: {', '.join(requeridas)})"
                                                                 if requeridas else "") + "."}


def _lista(elemento: dict, descripcion: str, nula: bool = True) -> dict:
    return {"type": ["array", "null"] if nula else "array", "items": elemento, "description": descripcion,
            "errorMessage": "Se esperaba una lista (cada elemento empieza con «- »)."}


_ID = r"^[A-Z]+-[0-9]{4}-(?:0[1-9]|1[0-2])-[0-9]{3,}$"


@lru_cache(maxsize=1)
def esquema_jle() -> dict:
    entidades = [n for e in cat.ENTIDADES for n in (e.nombre, e.corto, e.abreviatura, e.clave, *e.alias)]
    estatus = _catalogo(cat.ESTATUS, cat._ALIAS_ESTATUS, "El estatus",
                        "Estatus: Planeación, En proceso o Concluido.")
    tema = _objeto({
        "tipo": _catalogo(cat.TIPOS_TEMA, cat._ALIAS_TEMA, "El tipo de tema",
                          "Tipo de tema: inseguridad, logística, problemas sociales u otros."),
        "descripcion": {**_texto("De qué se trató, en una o dos oraciones.")},
    }, ["tipo"], "Un tema tratado en la reunión.")
    reunion = _objeto({
        "fecha": _fecha("Fecha de la reunión (AAAA-MM-DD), dentro del periodo que se informa."),
        "modalidad": _catalogo(cat.MODALIDADES, cat._ALIAS_MODALIDAD, "La modalidad",
                               "Modalidad: presencial, virtual o híbrida."),
        "asistentes": {"type": "integer", "minimum": 0, "description": "Número de personas asistentes.",
                       "errorMessage": "Escriba el número de asistentes como entero sin signo ni decimales (por ejemplo 12)."},
        "temas": _lista(tema, "Temas tratados; cada uno con su tipo.", nula=False),
    }, ["fecha"], "Una reunión de la Mesa de Coordinación en el periodo.")
    acuerdo = _objeto({
        "descripcion": _texto("El acuerdo, como se tomó en la mesa."),
        "estatus": estatus,
        "fecha": _fecha("Fecha en que se tomó el acuerdo (opcional)."),
        "id": {"type": "string", "pattern": _ID, "doNotSuggest": True,
               "description": "Identificador que asigna la DEOE al recibir el archivo; no lo escriba a mano.",
               **_mensaje("El identificador lo asigna la DEOE; borre esta línea.")},
    }, ["descripcion"], "Un acuerdo tomado en el periodo.")
    seguimiento = _objeto({
        "acuerdo": {"type": "string", "pattern": _ID,
                    "description": "Identificador del acuerdo de un periodo anterior (viene en la plantilla).",
                    **_mensaje("Use el identificador tal como viene en la plantilla (por ejemplo GRO-2024-04-003).")},
        "estatus": estatus,
    }, ["acuerdo", "estatus"], "Nuevo estatus de un acuerdo de un periodo anterior.")
    medida = _objeto({
        "descripcion": _texto("La medida adicional de seguridad acordada con el OPL."),
        "estatus": estatus,
    }, ["descripcion"], "Una medida adicional de seguridad.")
    raiz = _objeto({
        "entidad": {"type": "string", "description": "Entidad federativa de la JLE (viene en la plantilla; no la cambie).",
                    "pattern": patron_sin_acentos(entidades), "examples": [e.corto for e in cat.ENTIDADES],
                    **_mensaje("La entidad no está en el catálogo: escriba su nombre (por ejemplo Guerrero).")},
        "periodo": {"type": "string", "pattern": r"^[0-9]{4}-(?:0[1-9]|1[0-2])$",
                    "description": "Mes en que se presenta el informe, AAAA-MM (viene en la plantilla; no lo cambie).",
                    **_mensaje("El periodo se escribe AAAA-MM, por ejemplo 2024-05.")},
        "mesa": _objeto({"instalada": {
            "anyOf": [_fecha("Fecha de instalación (AAAA-MM-DD)."), {"type": "null"}],
            "description": "Fecha en que la JLE se incorporó a la Mesa de Coordinación; null si aún no se incorpora.",
            "errorMessage": "Escriba la fecha de instalación (AAAA-MM-DD) o null si la JLE aún no se incorpora."}},
            ["instalada"], "La incorporación de la JLE a la Mesa de Coordinación de su entidad."),
        "reuniones": _lista(reunion, "Reuniones del periodo. Sin esta clave: «no reportado»; [] = no hubo reuniones."),
        "acuerdos": _lista(acuerdo, "Acuerdos tomados en el periodo; [] si no hubo."),
        "seguimiento": _lista(seguimiento, "Acuerdos de periodos anteriores que siguen abiertos, con su estatus."),
        "medidas": _lista(medida, "Medidas adicionales de seguridad acordadas con el OPL."),
    }, ["entidad", "periodo"], "Informe mensual de la JLE: mesa, reuniones, acuerdos, seguimiento y medidas.")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Informe mensual de una Junta Local Ejecutiva (INE)", **raiz}
