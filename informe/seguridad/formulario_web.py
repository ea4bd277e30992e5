"""El formulario web de la JLE: un solo archivo HTML que se abre con doble clic, sin red ni instalación.

Viaja junto a la plantilla YAML (`formulario.escribir_plantillas`) y produce ese mismo YAML: «Guardar
archivo» descarga `<entidad>-<periodo>.yaml` con cada texto entre comillas dobles, que `recibir` lee tal
cual se escribió. Todo lo que el formulario sabe —campos, catálogos (con los del proceso), límites,
letras que el PDF dibuja, mensajes y su severidad— sale de las declaraciones de Python que alimentan al
esquema y a `validar`, en un bloque JSON dentro de la página: no hay una segunda lista a mano en el
JavaScript. El programa y el estilo van en línea, con su hash en la política de contenido (CSP): la
página no puede pedir nada a la red ni ejecutar otra cosa.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from . import catalogos as cat
from .modelo import Periodo

# Lo que una persona ve de cada campo de `formato.py` que no declara su `etiqueta`: el nombre accesible con el
# que también lo encuentran los tests. Un campo declarado con `etiqueta` (un campo propio de un acuerdo, como
# `responsable`) llega con ella sin tocar este archivo; uno sin ninguna de las dos no llega al formulario, y
# tests/test_formulario_web.py lo exige.
ETIQUETAS = {
    "entidad": "Entidad", "periodo": "Periodo", "mesa": "Mesa de Coordinación", "instalada": "Fecha de instalación",
    "fecha": "Fecha", "modalidad": "Modalidad", "asistentes": "Asistentes", "temas": "Temas", "tipo": "Tipo",
    "descripcion": "Descripción", "estatus": "Estatus", "id": "Identificador", "acuerdo": "Acuerdo",
}

# Cada lista del archivo como sección del formulario: su título, cómo se llama un elemento, el botón que
# agrega uno y la respuesta explícita de «no hubo» (una sección vacía nunca es un silencio).
SECCIONES = {
    "reuniones": {"titulo": "Reuniones de la Mesa de Coordinación", "elemento": "Reunión",
                  "ayuda": "Una entrada por cada reunión de la mesa en el periodo, con sus temas.",
                  "agregar": "Agregar reunión", "ninguno": "No hubo reuniones en el periodo",
                  "alguno": "Hubo reuniones en el periodo"},
    "temas": {"titulo": "Temas", "elemento": "Tema", "agregar": "Agregar tema"},
    "acuerdos": {"titulo": "Acuerdos tomados en el periodo", "elemento": "Acuerdo", "agregar": "Agregar acuerdo",
                 "ayuda": "Los acuerdos tomados en el periodo. La DEOE les asigna su identificador al recibir el archivo.",
                 "ninguno": "No se tomaron acuerdos en el periodo", "alguno": "Se tomaron acuerdos en el periodo"},
    "seguimiento": {"titulo": "Acuerdos de periodos anteriores que siguen abiertos", "elemento": "Acuerdo"},
    "medidas": {"titulo": "Medidas adicionales de seguridad", "elemento": "Medida", "agregar": "Agregar medida",
                "ayuda": "Las medidas adicionales de seguridad acordadas con el OPL.",
                "ninguno": "No hubo medidas adicionales en el periodo",
                "alguno": "Hubo medidas adicionales en el periodo"},
}

# Elementos de una lista que «Abrir archivo» muestra: cada uno es un grupo de campos en la página, y cientos de
# miles (un archivo hostil de 8 MiB) la congelan. Ningún informe mensual de una JLE se acerca.
ELEMENTOS_MAXIMOS = 500

CARPETA = "formulario"  # en plantillas/ (informe.plantillas una vez instalado)


def declaraciones():
    """El campo raíz del archivo de una JLE, de donde salen el esquema, la lectura y el serializador.

    Es el único lugar que nombra a `formato.JLE`: si las declaraciones se mudan, se cambia aquí."""
    from .formato import JLE

    return JLE


def catalogos_declarados(c: cat.Catalogos):
    """Tipo de catálogo → (valores canónicos, alias normalizados, cómo lo nombra un mensaje)."""
    from .formato import catalogos

    return catalogos(c)


def _campo(c) -> dict:
    """Un campo de las declaraciones como lo usa el formulario: nombre, tipo, obligatorio, etiqueta, ayuda (la
    descripción del esquema, sin la forma de escribir la fecha: el formulario la pide con su calendario) y, si
    lo declara, su límite (`Campo.maximo`: el mismo que aplican el esquema y `validar`)."""
    salida = {"nombre": c.nombre, "tipo": c.tipo, "requerido": c.requerido,
              "etiqueta": c.etiqueta or ETIQUETAS.get(c.nombre, ""), "ayuda": c.descripcion.replace(" (AAAA-MM-DD)", ""),
              "sugerir": c.sugerir, "campos": [_campo(h) for h in c.campos]}
    if c.maximo is not None:  # solo si lo declara: la página de los datos del paquete no cambia
        salida["maximo"] = c.maximo
    return salida


def _catalogos(c: cat.Catalogos) -> dict:
    salida = {}
    for tipo, (valores, alias, que) in catalogos_declarados(c).items():
        salida[tipo] = {"valores": list(valores), "alias": dict(sorted(alias.items())), "que": que}
    salida["estatus"]["orden"] = {e.nombre: e.orden for e in c.reportables()}
    salida["estatus"]["sin_estatus"] = c.sin_estatus.nombre
    return salida


def _severidades(proceso) -> dict[str, str]:
    """La severidad de cada código que el formulario revisa, con lo que el proceso suba o baje y valga (lo
    mismo que aplica `validar`: un código fijo sigue siendo error aunque proceso.yaml lo baje)."""
    from ..familias import familia
    from ..problemas import CODIGOS
    from ..reglas import del_proceso

    propias = del_proceso(proceso, familia("seguridad")) if proceso is not None else {}
    return {codigo: (propias[codigo][0] if codigo in propias else CODIGOS[codigo][0]) for codigo in _MENSAJES}


def _mensajes() -> dict[str, str]:
    """Los mensajes del formulario, con las palabras de `validar` («{donde}», «{rango}», «{n}» se llenan al
    mostrarlos; «{maximo}», con el límite del campo). Cada código es uno de `problemas.CODIGOS`: el formulario
    decide lo mismo que `validar`."""
    from ..glifos import SUGERENCIA_SIN_GLIFO

    return {
        "campo-requerido": "Falta este dato: es obligatorio.",
        "descripcion-vacia": "Escriba el texto: no puede quedar vacío.",
        # {maximo}: el del campo (`Campo.maximo`) o, sin él, el de todo texto (`yaml_seguro.TEXTO_MAXIMO`)
        "texto-largo": "Tiene {n} caracteres; el máximo es {maximo}. Resuma el texto; el detalle puede "
                       "ir en un oficio aparte.",
        "texto-sin-glifo": f"El carácter «{{c}}» ({{u}}) no se puede imprimir en el informe. {SUGERENCIA_SIN_GLIFO}",
        "texto-escritura": "{motivo} ({u}) en «…{contexto}…». Si viene de copiar un PDF, reescriba la palabra; si "
                           "no se ve, bórrelo.",
        "acuerdo-repetido": "Repite el texto del acuerdo {n}. Si son el mismo acuerdo, deje uno; si son distintos, "
                            "precise el texto.",
        "fecha-invalida": "Escriba una fecha que exista (día, mes y año).",
        "fecha-posterior": "La fecha es posterior al corte del periodo ({rango}). Lo posterior al corte se reporta "
                           "en el siguiente periodo.",
        "fecha-anterior": "La fecha es anterior al inicio del periodo ({rango}): se contará como reporte tardío.",
        "asistentes-invalido": "Escriba un número entero sin signo ni decimales (por ejemplo 12).",
        "numero-invalido": "Escriba un número entero de 0 a {maximo}, sin signo ni decimales.",
        "asistentes-cero": "0 asistentes: no hubo reunión o falta el número. Escriba cuántas personas asistieron, "
                           "o quite la reunión si no se celebró.",
        "ejemplo-sin-cambiar": "Es el texto de ejemplo, sin cambiar: escriba lo que de verdad se trató o se hizo.",
        "estatus-faltante": "Sin estatus: se contará como «{sin}».",
        "estatus-retroceso": "El estatus retrocede respecto del último reportado ({antes}).",
        "reuniones-sin-mesa": "Se reportan reuniones, pero la mesa dice que la JLE aún no se incorpora: indique la "
                              "fecha de instalación o corrija las reuniones.",
        "seccion-sin-respuesta": "Elija una respuesta: «{si}» o «{no}».",
        "seccion-vacia": "Eligió «{si}», pero la lista está vacía: agregue al menos una entrada o elija «{no}».",
        "seccion-contradictoria": "Eligió «{no}», pero hay {n} en la lista: quítelos o elija «{si}».",
        "mesa-sin-contestar": "Indique si la JLE ya se incorporó a la Mesa de Coordinación.",
        "formulario-sin-cambios": "El formulario está como llegó: conteste cada sección antes de guardar.",
    }


# Los códigos propios del formulario: lo que un archivo YAML no puede decir pero un formulario sí (una
# sección sin contestar). No son problemas de `validar`: siempre impiden guardar.
_PROPIOS = ("mesa-sin-contestar", "seccion-sin-respuesta", "seccion-vacia", "seccion-contradictoria", "formulario-sin-cambios")
_MENSAJES = tuple(c for c in _mensajes() if c not in _PROPIOS)


def _ajenos() -> list[list]:
    """Los caracteres que la letra del PDF dibuja pero que `validar` señala como ajenos a un informe en español
    (`escritura.problema_de`: otra escritura, marcas de dirección, invisibles), como rangos [desde, hasta, qué
    es]. Lo que la letra no dibuja ya es `texto-sin-glifo`, un error: no hace falta listarlo."""
    from ..escritura import problema_de
    from ..glifos import RANGOS

    rangos: list[list] = []
    for a, b in RANGOS:
        for cp in range(a, b + 1):
            motivo = problema_de(chr(cp))
            if motivo is None:
                continue
            if rangos and rangos[-1][1] == cp - 1 and rangos[-1][2] == motivo:
                rangos[-1][1] = cp
            else:
                rangos.append([cp, cp, motivo])
    return rangos


def datos_del_formulario(entidad: str, periodo: Periodo, abiertos: list, ejemplos: dict[str, str], mesa_conocida=None,
                         catalogos: cat.Catalogos | None = None, proceso=None) -> dict:
    """Todo lo que la página necesita, como un valor JSON: la entidad y el periodo fijos, lo que la historia
    sabe (mesa, acuerdos abiertos con su texto entero y su estatus vigente) y las declaraciones. `ejemplos`:
    el texto de ejemplo de cada lista (el de la plantilla YAML), que se muestra y nunca se acepta como dato."""
    from ..glifos import RANGOS
    from ..lengua import MESES
    from ..renderizar import rango_fechas
    from ..yaml_seguro import TAMANO_MAXIMO, TEXTO_MAXIMO
    from .serializar import ESCAPES_YAML

    c = catalogos or cat.BASE
    e = cat.POR_ABREVIATURA[entidad]
    # lo que la lectura toma por esta entidad (con los alias de proceso.yaml): «Abrir archivo» abre lo mismo
    instalada = getattr(mesa_conocida, "instalada", None)
    mensajes = _mensajes()
    return {
        "entidad": {"abreviatura": e.abreviatura, "corto": e.corto, "nombre": e.nombre, "formas": c.formas_de_entidad(e.abreviatura)},
        "periodo": {"id": periodo.id, "ordinal": cat.ordinal(periodo.numero), "inicio": periodo.inicio.isoformat(),
                    "fin": periodo.fin.isoformat(), "en_palabras": rango_fechas(periodo.inicio, periodo.fin)},
        "archivo": nombre_formulario(entidad, periodo.id).removesuffix(".html") + ".yaml",
        # None: sin dato; "": la historia dice que aún no se incorpora; una fecha: incorporada desde entonces
        "mesa": None if mesa_conocida is None else (instalada.isoformat() if instalada else ""),
        "seguimiento": [{"id": p.id, "descripcion": p.descripcion, "estatus": p.estatus} for p in abiertos],
        "campos": _campo(declaraciones()),
        "secciones": SECCIONES,
        "catalogos": _catalogos(c),
        "meses": list(MESES),
        "limites": {"texto": TEXTO_MAXIMO, "entero": 999_999_999, "archivo": TAMANO_MAXIMO, "elementos": ELEMENTOS_MAXIMOS},
        "glifos": [list(r) for r in RANGOS],
        "ajenos": _ajenos(),
        "ejemplos": {**ejemplos, "todos": sorted(set(ejemplos.values()))},
        "escapes": ESCAPES_YAML,
        "mensajes": mensajes,
        "severidades": {**_severidades(proceso), **dict.fromkeys(_PROPIOS, "error")},
    }


def json_para_script(valor) -> str:
    """JSON que puede ir dentro de `<script type="application/json">`: ningún texto de los datos lo cierra
    («</script>»), abre un comentario HTML ni corta una línea de JavaScript (U+2028/2029)."""
    texto = json.dumps(valor, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for crudo, escapado in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                            ("\u2029", "\\u2029")):
        texto = texto.replace(crudo, escapado)
    return texto


def _hash(contenido: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(contenido.encode("utf-8")).digest()).decode("ascii") + "'"


def _recurso(nombre: str) -> str:
    """Un archivo de plantillas/formulario/, del paquete instalado o del código fuente."""
    try:
        from importlib.resources import files

        return (files("informe.plantillas") / CARPETA / nombre).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        return (Path(__file__).resolve().parent.parent.parent / "plantillas" / CARPETA / nombre).read_text(
            encoding="utf-8")


def html_formulario(datos: dict) -> str:
    """La página completa. El estilo y el programa se insertan tal cual y su hash va en la CSP: ni un
    atributo `style` ni un manejador en línea (la CSP los prohíbe), ni `eval`."""
    import html

    estilo, programa = _recurso("formulario.css"), _recurso("formulario.js")
    csp = (f"default-src 'none'; script-src {_hash(programa)}; style-src {_hash(estilo)}; "
           "base-uri 'none'; form-action 'none'")
    e, p = datos["entidad"], datos["periodo"]
    valores = {
        "csp": html.escape(csp), "titulo": html.escape(f"Informe de la JLE en {e['corto']} · periodo {p['id']}"),
        "entidad": html.escape(e["corto"]), "periodo": html.escape(p["id"]), "ordinal": html.escape(p["ordinal"]),
        "rango": html.escape(p["en_palabras"]), "archivo": html.escape(datos["archivo"]),
        "estilo": estilo, "programa": programa, "datos": json_para_script(datos),
    }
    # una sola pasada: lo insertado (el JSON de los datos) nunca se vuelve a leer buscando marcas
    return re.sub(r"\{\{(\w+)\}\}", lambda m: valores[m[1]], _recurso("formulario.html"))


def nombre_formulario(abreviatura: str, periodo: str) -> str:
    from .almacen import slug

    return f"{slug(abreviatura)}-{periodo}.html"
