"""La bandeja de entrada de un periodo: qué pasó con lo último que envió cada JLE y qué acuse le toca.

`recibir` anota aquí cada envío (su huella, su resultado, su motivo en un renglón y su acuse), en
`datos/<P>/.bandeja.json` (oculto: no es un dato del periodo); `estado` lo lee para decir, por JLE, qué hay que hacer. Así:

- un reenvío pendiente de confirmación se ve en `estado` (su copia está en `rechazados/`, como la de un
  envío con errores, y solo la bandeja sabe cuál de los dos es);
- recibir otra vez los mismos bytes dice «ya registrado»: no escribe otro acuse ni rechaza nada;
- cada JLE tiene un solo acuse vigente en `acuses/`; los anteriores pasan a `acuses-anteriores/`.

Lo que no es un envío (la imagen de la firma de un correo, un archivo oculto del sistema) se separa antes
de revisar nada y se lista aparte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import catalogos as cat

NOMBRE = ".bandeja.json"
TAMANO_MAXIMO = 4 * 1024 * 1024  # 32 JLE × cientos de envíos caben de sobra; uno mayor no se lee
ANTERIORES = "acuses-anteriores"


def ruta(datos: Path, periodo: str) -> Path:
    return datos / periodo / NOMBRE


def leer(datos: Path, periodo: str) -> dict:
    """{"entidades": {abreviatura: último envío}, "huellas": {huella: abreviatura}}; vacía si no hay o no
    se puede leer (la bandeja es un índice: sin ella, `estado` cuenta como antes)."""
    from ..archivos import leer_entrada

    contenido, _ = leer_entrada(ruta(datos, periodo), NOMBRE, TAMANO_MAXIMO)
    try:
        bandeja = json.loads(contenido) if contenido and len(contenido) <= TAMANO_MAXIMO else {}
    except (ValueError, UnicodeDecodeError):
        bandeja = {}
    if not isinstance(bandeja, dict):
        bandeja = {}
    entidades = bandeja.get("entidades")
    huellas = bandeja.get("huellas")
    return {"entidades": entidades if isinstance(entidades, dict) else {},
            "huellas": huellas if isinstance(huellas, dict) else {}}


def escribir(datos: Path, periodo: str, bandeja: dict) -> None:
    from ..archivos import escribir_atomico

    texto = json.dumps(bandeja, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    escribir_atomico(ruta(datos, periodo), texto)


# --------------------------------------------------------------------------- lo que no es un envío

_IMAGEN = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|emz|wmz|ico)$", re.I)


def que_no_es_envio(ruta_: Path, datos_: bytes | None) -> str | None:
    """Por qué un archivo del correo no es un envío: un archivo oculto (del sistema o de un editor) o una
    imagen (el logotipo de la firma, `image001.png`); None si es un envío."""
    from ..yaml_seguro import tipo_de_documento

    if ruta_.name.startswith("."):
        return "archivo oculto, no se recibió (si es un envío, quítele el punto inicial al nombre)"
    if _IMAGEN.search(ruta_.name) or (datos_ is not None and tipo_de_documento(datos_) == "una imagen"):
        return "imagen (como la de la firma del correo)"
    return None


# --------------------------------------------------------------------------- varias entidades en un archivo

_LINEA_ENTIDAD = re.compile(r"""^["']?entidad["']?[ \t]*:[ \t]*["']?([^"'#\n]{2,60}?)["']?[ \t]*(?:#.*)?$""",
                            re.M | re.I)


def entidades_en(texto: str | None) -> list[tuple[str, int]]:
    """(abreviatura, línea) de cada entidad distinta que nombra una línea `entidad:` sin sangría del archivo:
    una por documento. Un correo con el informe de Veracruz y, tras un `---`, el de Tabasco nombra dos."""
    if not texto:
        return []
    vistas: dict[str, int] = {}
    for m in _LINEA_ENTIDAD.finditer(texto[:2_000_000]):
        e = cat.buscar_entidad(m[1].strip())
        if e is not None and e.abreviatura not in vistas:
            vistas[e.abreviatura] = texto.count("\n", 0, m.start()) + 1
    return list(vistas.items())


# --------------------------------------------------------------------------- el reenvío pendiente

PENDIENTES = "pendientes"


def pendiente(datos: Path, periodo: str, abreviatura: str, copia: str | None) -> str | None:
    """El reenvío pendiente de confirmación de una JLE, en `pendientes/<ABR>.yaml`: una ruta corta, para que
    la orden que lo registra (`informe recibir … --reemplazar`) quepa en un renglón. Sin `copia` (lo último
    de la JLE ya no está pendiente), se borra. Devuelve la ruta dentro del periodo, o None."""
    from ..archivos import escribir_atomico

    destino = datos / periodo / PENDIENTES / f"{abreviatura}.yaml"
    if copia is None:
        if destino.is_file() and not destino.is_symlink():
            destino.unlink()
        return None
    escribir_atomico(destino, Path(copia).read_bytes())
    return f"{PENDIENTES}/{destino.name}"


# --------------------------------------------------------------------------- el acuse vigente

def apartar_anteriores(datos: Path, periodo: str, abreviatura: str, vigentes: set[str]) -> list[Path]:
    """Mueve a `acuses-anteriores/` los acuses de la entidad que no son de esta recepción (`vigentes`): en
    `acuses/` quedan solo los que hay que enviar. Devuelve los que movió."""
    import os

    from .almacen import carpeta_acuses

    carpeta = carpeta_acuses(datos, periodo)
    movidos = []
    for viejo in sorted(carpeta.glob(f"*-{abreviatura}-*.txt")):
        if viejo.name in vigentes or not viejo.is_file() or viejo.is_symlink():
            continue
        destino = datos / periodo / ANTERIORES / viejo.name
        destino.parent.mkdir(exist_ok=True)
        os.replace(viejo, destino)
        movidos.append(destino)
    return movidos


def anteriores(datos: Path, periodo: str) -> int:
    carpeta = datos / periodo / ANTERIORES
    return sum(1 for p in carpeta.iterdir() if p.suffix == ".txt") if carpeta.is_dir() else 0
