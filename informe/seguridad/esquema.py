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
from ..lengua import enumerar
from .formato import JLE, Campo, catalogos as catalogos_del_formato

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


def _catalogo(valores, alias, que: str, descripcion: str) -> dict:  # noqa: D103
    canonicos = list(valores)
    # sin «examples»: el editor los muestra todos al pasar el cursor; las opciones se ofrecen al completar
    return {"type": "string", "description": descripcion.replace("{opciones}", enumerar(canonicos, "o")),
            "pattern": patron_sin_acentos([*canonicos, *alias]),
            "defaultSnippets": [{"label": v, "body": v} for v in canonicos],
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
    # una clave vale escrita como la lee `validar`, con cualquier mezcla de mayúsculas y acentos («Medidas»,
    # «período», «descripción»): el editor también la acepta. Su valor lo revisa el esquema solo con la clave
    # como en la plantilla (repetir cada esquema anidado por variante triplicaba el archivo); `validar`
    # lo revisa siempre.
    patrones = {k: patron_sin_acentos([k.replace("_", " ")]) for k in propiedades}
    objeto = {"type": "object", "description": descripcion, "additionalProperties": False,
              "properties": propiedades, "patternProperties": {p: {} for p in patrones.values()},
              "errorMessage": f"Claves admitidas aquí: {nombres}" + (f" (obligatorias: {', '.join(requeridas)})"
                                                                   if requeridas else "") + "."}
    # la clave como en la plantilla y otra forma de escribirla («descripcion» y «descripción») son la misma
    # dos veces: `validar` lo rechaza (clave-duplicada), el editor también. Dos formas que no son la de la
    # plantilla («Descripción» y «descripción») no se pueden contar en JSON Schema: solo `validar` las ve.
    objeto["dependentSchemas"] = {
        k: {"propertyNames": {"anyOf": [{"const": k}, {"not": {"pattern": p}}]},
            "errorMessage": f"La clave «{k}» está escrita dos veces (con y sin acento o mayúsculas): deje una."}
        for k, p in patrones.items()}
    if requeridas:
        # `required` pide la clave escrita tal cual; una obligatoria con acento («descripción») es la misma
        # para `validar`. «No todas las claves dejan de parecerse a ella» = alguna clave es ella, escrita
        # de cualquier forma. La primera opción (`required`) es la que el editor usa para completar.
        objeto["allOf"] = [{"anyOf": [{"required": [k]}, {"not": {"propertyNames": {"not": {"pattern": patrones[k]}}}}],
                            "errorMessage": f"Falta la clave obligatoria «{k}»."} for k in requeridas]
    return objeto


def obligatorias(objeto: dict) -> list[str]:
    """Las claves obligatorias de un objeto de `_objeto` (van en `allOf`, no en `required`)."""
    return [regla["anyOf"][0]["required"][0] for regla in objeto.get("allOf", [])]


def _lista(elemento: dict, descripcion: str, nula: bool = True) -> dict:
    return {"type": ["array", "null"] if nula else "array", "items": elemento, "description": descripcion,
            "errorMessage": "Se esperaba una lista (cada elemento empieza con «- »)."}


_ID = r"^[A-Z]+-[0-9]{4}-(?:0[1-9]|1[0-2])-[0-9]{3,}$"


def _catalogos(c: cat.Catalogos) -> dict[str, dict]:
    entidades = [n for e in cat.ENTIDADES for n in (e.nombre, e.corto, e.abreviatura, e.clave, *e.alias)]
    return {
        **{tipo: (lambda d, v=valores, a=alias, q=que: _catalogo(v, a, q, d))
           for tipo, (valores, alias, que) in catalogos_del_formato(c).items()},
        # sin «examples»: eran 32 bloques «Example:» al pasar el cursor por «entidad», que ya viene escrita
        "entidad": lambda d: {"type": "string", "description": d, "pattern": patron_sin_acentos(entidades),
                              **_mensaje("La entidad no está en el catálogo: escriba su nombre (por ejemplo Guerrero).")},
    }


def _limite(c: Campo, clave: str) -> dict:
    """El límite que declara un campo (`Campo.maximo`), como lo dice JSON Schema."""
    return {clave: c.maximo} if c.maximo is not None else {}


def _de_campo(c: Campo, catalogos: dict) -> dict:
    """El fragmento de esquema de un campo de `formato.py`, según su tipo."""
    d = c.descripcion
    if c.tipo in catalogos:
        return catalogos[c.tipo](d)
    if c.tipo == "texto":
        return {**_texto(d), **_limite(c, "maxLength")}
    if c.tipo == "fecha":
        return _fecha(d)
    if c.tipo == "fecha-o-null":
        return {"anyOf": [_fecha("Fecha (AAAA-MM-DD)."), {"type": "null"}], "description": d,
                "errorMessage": "Escriba la fecha (AAAA-MM-DD), o null si todavía no ocurre."}
    if c.tipo == "entero":
        return {"type": "integer", "minimum": 0, **_limite(c, "maximum"), "description": d,
                "errorMessage": "Escriba un número entero sin signo ni decimales (por ejemplo 12)."}
    if c.tipo == "periodo":
        return {"type": "string", "pattern": r"^[0-9]{4}-(?:0[1-9]|1[0-2])$", "description": d,
                **_mensaje("El periodo se escribe AAAA-MM, por ejemplo 2024-05.")}
    if c.tipo == "id":
        return {"type": "string", "pattern": _ID, "description": d,
                **({} if c.sugerir else {"doNotSuggest": True}),
                **_mensaje("El identificador lo asigna la DEOE; borre esta línea.")}
    if c.tipo == "id-ref":
        return {"type": "string", "pattern": _ID, "description": d,
                **_mensaje("Use el identificador tal como viene en la plantilla (por ejemplo GRO-2024-04-003).")}
    # lo que la JLE escribe va primero (el editor completa en este orden); lo que asigna la DEOE, al final
    propiedades = {h.nombre: _de_campo(h, catalogos) for h in sorted(c.campos, key=lambda h: not h.sugerir)}
    requeridas = [h.nombre for h in c.campos if h.requerido]
    if c.tipo == "lista":
        return _lista(_objeto(propiedades, requeridas, c.elemento), d, c.nula)
    return _objeto(propiedades, requeridas, d)


def esquema_jle(c: cat.Catalogos | None = None) -> dict:
    """El esquema de `formato.JLE`: las mismas claves, obligatorias y catálogos que lee `validar` (los del
    proceso `c`, o los de base)."""
    return _esquema((c or cat.BASE).firma(), c or cat.BASE)


@lru_cache(maxsize=4)
def _esquema(firma: str, c: cat.Catalogos) -> dict:  # por firma: los mismos catálogos dan el mismo esquema
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Informe mensual de una Junta Local Ejecutiva (INE)", **_de_campo(JLE, _catalogos(c))}


def _menores(n: str) -> list[str]:
    """Expresiones de las cadenas de cifras del mismo largo que `n` y menores que él («2024» → 0xxx, 1xxx,
    200x, 201x, 202[0-3])."""
    salida = []
    for i, c in enumerate(n):
        if c != "0":
            salida.append(n[:i] + (f"[0-{int(c) - 1}]" if c != "1" else "0") + "[0-9]" * (len(n) - i - 1))
    return salida


def fechas_hasta(fin) -> str:
    """Una fecha AAAA-MM-DD que existe y no es posterior a `fin` (lo que `validar` rechaza como
    fecha-posterior; una anterior al inicio es solo una advertencia y el esquema la acepta)."""
    anio, mes, dia = f"{fin.year:04d}", f"{fin.month:02d}", f"{fin.day:02d}"
    antes = [f"(?:{'|'.join(_menores(anio))})-[0-9]{{2}}-[0-9]{{2}}",
             *(f"{anio}-(?:{'|'.join(m)})-[0-9]{{2}}" for m in [_menores(mes)] if m),
             f"{anio}-{mes}-(?:{'|'.join(_menores(f'{fin.day + 1:02d}'))})"]
    return f"^(?={_FECHA_REAL[1:]})(?:{'|'.join(antes)})$"


def esquema_del_formulario(esquema: dict, abreviatura: str, periodo) -> dict:
    """El esquema que viaja con el formulario de una JLE: su entidad y su periodo fijos, y sus fechas hasta
    el corte. El editor marca lo mismo que `recibir` rechazaría (otra entidad, otro periodo, una fecha
    posterior al corte), y cada ejemplo de fecha es del periodo."""
    import copy

    from ..renderizar import fecha_larga

    e = cat.POR_ABREVIATURA[abreviatura]
    salida = copy.deepcopy(esquema)
    props = salida["properties"]
    props["entidad"].update(pattern=patron_sin_acentos([e.nombre, e.corto, e.abreviatura, e.clave, *e.alias]),
                            **_mensaje(f"Este formulario es de la JLE en {e.corto}: escriba «{e.corto}»."))
    props["periodo"].update(pattern=f"^{periodo.id}$",  # AAAA-MM: solo cifras y un guion
                            **_mensaje(f"Este formulario es del periodo {periodo.id}: no cambie esta línea."))
    for clave in ("entidad", "periodo"):  # «Entidad:» o «período:» también quedan fijas, no solo la clave tal cual
        salida["patternProperties"][patron_sin_acentos([clave])] = props[clave]
    mensaje = _mensaje(f"Escriba una fecha que exista, con la forma AAAA-MM-DD, y que no sea posterior al corte "
                       f"del periodo ({fecha_larga(periodo.fin)}); por ejemplo {periodo.fin.isoformat()}.")
    for fecha in (props["mesa"]["properties"]["instalada"]["anyOf"][0],
                  props["reuniones"]["items"]["properties"]["fecha"], props["acuerdos"]["items"]["properties"]["fecha"]):
        fecha.update(pattern=fechas_hasta(periodo.fin), **mensaje)
    return salida
