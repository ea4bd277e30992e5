"""Carga: de un archivo a un registro tipado de su familia, con la posición exacta de cada problema.

Lee los bytes una vez, consulta la caché por su huella y, si no está, compone el YAML con
`yaml_seguro` y deja que la familia interprete el árbol con un `lector.Lector` (o lea el archivo a su
manera, como las tablas CSV). El núcleo no sabe qué hay dentro: eso lo dice la familia.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode

from .lector import Lector, describir_nodo
from .problemas import Carga, Problema
from .archivos import leer_entrada
from .yaml_seguro import TAMANO_MAXIMO, alias_y_etiquetas, componer, decodificar, problema_en

PATRON_PERIODO = re.compile(r"\A([0-9]{4})-(0[1-9]|1[0-2])\Z")


def periodo_de_carpeta(ruta: Path) -> str | None:
    """`datos/2024-05/jle/bc.yaml` y `datos/2024-05/periodo.yaml` → «2024-05»."""
    for parte in (ruta.parent.name, ruta.parent.parent.name):
        if PATRON_PERIODO.match(parte):
            return parte
    return None


def cargar_archivo(ruta: Path, nombre: str | None, familia, contexto=None) -> Carga:
    """Lee los bytes una vez; la caché se consulta por la huella de esos mismos bytes (no por ruta ni fecha).

    `contexto` es lo que la familia pasa a su lectura (`Familia.contexto`); si cambia la interpretación
    (otros alias), su `firma()` entra en la huella."""
    nombre = nombre if nombre is not None else str(ruta)
    tipo = familia.tipo_de_archivo(ruta)
    datos, problemas = leer_entrada(ruta, nombre, TAMANO_MAXIMO)
    if datos is None:
        return Carga(nombre, tipo, None, problemas)
    from . import cache

    huella = _huella(cache.contenido(datos), ruta, familia, tipo, contexto)
    guardada = cache.leer(huella, nombre, familia)
    if guardada is not None:
        return guardada
    carga = familia.cargar_bytes(datos, ruta, nombre, tipo, contexto)
    cache.guardar(huella, carga, familia)
    return carga


def _huella(contenido: str, ruta: Path, familia, tipo: str, contexto) -> str:
    from . import cache

    return cache.clave(contenido, familia.nombre, contexto.firma() if contexto is not None else "", tipo,
                       periodo_de_carpeta(ruta) or "")


# Huellas de contenido ya calculadas en este proceso. La clave lleva dispositivo, inodo, tamaño y las
# fechas de modificación **y de cambio** en nanosegundos: la de modificación se puede restaurar
# (`touch -r`, `cp -p`), la de cambio no (la pone el núcleo en cada escritura). Solo vive lo que dura
# una orden: entre corridas manda la huella de los bytes, y una orden que valida y luego compara no
# lee y calcula dos veces la de cada archivo de la historia.
_CONTENIDOS: dict[tuple, str] = {}


def huella_de_contenido(ruta: Path) -> str | None:
    """La huella de los bytes de `ruta`, leídos como los lee `cargar_archivo` (hasta un byte más del
    tamaño máximo); None si no se puede leer."""
    import os

    from . import cache

    try:
        st = os.lstat(ruta)
    except OSError:
        return None
    sello = (os.fsencode(ruta), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if sello not in _CONTENIDOS:
        datos, _ = leer_entrada(ruta, "", TAMANO_MAXIMO)
        if datos is None:
            return None
        _CONTENIDOS[sello] = cache.contenido(datos)
    return _CONTENIDOS[sello]


def huella_de_archivo(ruta: Path, familia, contexto=None) -> str | None:
    """La huella con que `cargar_archivo` guardaría `ruta` (el índice de la historia la usa como clave);
    None si el archivo no se puede leer."""
    contenido = huella_de_contenido(ruta)
    return None if contenido is None else _huella(contenido, ruta, familia, familia.tipo_de_archivo(ruta), contexto)


def cargar_yaml(datos: bytes, ruta: Path, nombre: str, tipo: str, interpretar, sugerencia_raiz: str,
               contexto=None) -> Carga:
    """El camino de todo archivo YAML: decodificar, componer, rechazar alias y etiquetas, interpretar.

    `interpretar(raiz, lector, tipo, ruta)` es de la familia; `sugerencia_raiz` dice con qué empieza
    un archivo de ese tipo, para cuando el documento no es un mapa.
    """
    texto, problemas = decodificar(datos, nombre)
    if texto is None:
        return Carga(nombre, tipo, None, problemas)
    raiz, problemas = componer(texto, nombre)
    if raiz is None:
        if len(problemas) == 1 and problemas[0].codigo == "yaml-sintaxis" and problemas[0].linea:
            problemas += _resto_tras_error(texto, nombre, tipo, ruta, problemas[0].linea, interpretar, contexto)
        return Carga(nombre, tipo, None, problemas)
    problemas = alias_y_etiquetas(raiz, texto, nombre)
    if problemas:  # con alias o etiquetas no se interpreta nada más: el contenido no es confiable
        return Carga(nombre, tipo, None, problemas)
    if not isinstance(raiz, MappingNode):
        return Carga(nombre, tipo, None, [problema_en(raiz, nombre, "raiz-no-mapa",
                                                      f"El documento debe ser un mapa de «clave: valor» y es {describir_nodo(raiz)}.",
                                                      sugerencia_raiz)])
    import gc

    # Como al componer (yaml_seguro): interpretar crea un objeto por valor y ninguno forma ciclos; con el
    # recolector activo, sus pasadas sobre el árbol recién compuesto cuestan más que interpretar
    # (150 000 `seguimiento`: la mitad del tiempo de validar).
    activo = gc.isenabled()
    gc.disable()
    try:
        lector = Lector(nombre, contexto)
        registro = interpretar(raiz, lector, tipo, ruta)
    finally:
        if activo:
            gc.enable()
    return Carga(nombre, tipo, registro, lector.problemas + lector.omitidos())


_CLAVE_DE_PRIMER_NIVEL = re.compile(r"^([^\s#][^:]*?)\s*:")
# Un archivo con un error de sintaxis se vuelve a leer sin el bloque de primer nivel que lo contiene, para
# reportar también los problemas del resto (un solo viaje de correo). Acotado: pocos reintentos y
# archivos de tamaño normal, para que un archivo hostil no multiplique el costo.
_REINTENTOS, _TAMANO_REINTENTO = 3, 1024 * 1024


def _resto_tras_error(texto: str, nombre: str, tipo: str, ruta: Path, linea_error: int, interpretar,
                     contexto=None) -> list[Problema]:
    """Problemas del resto del archivo, con sus líneas reales; el bloque con el error queda en blanco."""
    if len(texto) > _TAMANO_REINTENTO:
        return []
    lineas = texto.split("\n")
    inicios = [i for i, l in enumerate(lineas) if l[:1] not in ("", " ", "\t", "#") and l.strip()]
    quitadas: set[str] = set()
    for _ in range(_REINTENTOS):
        bloque = _bloque_del_error(inicios, linea_error - 1, len(lineas))
        if bloque is None:
            return []
        quitadas |= _quitar(lineas, inicios, *bloque)
        raiz, problemas = componer("\n".join(lineas), nombre)
        if raiz is not None:
            return _interpretar_resto(raiz, nombre, tipo, ruta, interpretar, contexto, quitadas)
        if not problemas or problemas[0].codigo != "yaml-sintaxis" or not problemas[0].linea:
            return []
        linea_error = problemas[0].linea  # otro error más abajo: se quita también su bloque
    return []


def _bloque_del_error(inicios: list[int], error: int, total: int) -> tuple[int, int] | None:
    """Las líneas [desde, hasta) (desde 0) del bloque de primer nivel donde está la línea `error`."""
    bloque = max((i for i in inicios if i <= error), default=None)
    if bloque is None:
        return None
    fin = next((i for i in inicios if i > bloque), total)
    if bloque == error and bloque != inicios[0]:
        # el error cae en la primera línea de un bloque: lo que no se cerró empezó en el anterior
        bloque = max(i for i in inicios if i < bloque)
    return bloque, fin


def _quitar(lineas: list[str], inicios: list[int], desde: int, hasta: int) -> set[str]:
    """Deja en blanco las líneas [desde, hasta) y devuelve las claves de primer nivel que había en ellas.
    Quedan las mismas líneas: los números de las que siguen son los del archivo."""
    claves = set()
    for i in (i for i in inicios if desde <= i < hasta):
        clave = _CLAVE_DE_PRIMER_NIVEL.match(lineas[i])
        claves.add(clave[1] if clave else "")
    lineas[desde:hasta] = [""] * (hasta - desde)
    return claves


def _interpretar_resto(raiz, nombre: str, tipo: str, ruta: Path, interpretar, contexto,
                       quitadas: set[str]) -> list[Problema]:
    if not isinstance(raiz, MappingNode):
        return []
    lector = Lector(nombre, contexto)
    interpretar(raiz, lector, tipo, ruta)
    # lo que falta porque se quitó no es otro error: ya se reportó el de sintaxis
    return [p for p in lector.problemas + lector.omitidos()
            if not (p.codigo == "campo-requerido" and any(f"«{c}»" in p.mensaje for c in quitadas))]
