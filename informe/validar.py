"""Validación: cada archivo con las reglas de su familia, y las reglas que cruzan archivos.

La familia la dice la carpeta de datos (`proceso.yaml → familia`); el núcleo lee, junta y ordena
los problemas, y no sabe qué revisa cada regla.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .almacen import nombre_visible
from .cargar import Carga
from .problemas import Problema, cuenta, orden


@dataclass(slots=True)
class Resultado:
    archivos: list[str]
    problemas: list[Problema]
    cargas: list[Carga]

    @property
    def errores(self) -> int:
        return cuenta(self.problemas)[0]

    @property
    def advertencias(self) -> int:
        return cuenta(self.problemas)[1]

    def como_dict(self) -> dict:
        return {"archivos": len(self.archivos), "errores": self.errores, "advertencias": self.advertencias,
                "problemas": [p.como_dict() for p in self.problemas]}


def expandir(rutas: list[Path], extensiones: tuple[str, ...] = (".yaml", ".yml")) -> list[Path]:
    """Archivos de las rutas dadas (en las carpetas, los de `extensiones`), en orden estable y sin repetir.

    Una subcarpeta con su propio proceso.yaml es otra carpeta de datos (`datos/vmre/`, de otra familia):
    se valida aparte, con su familia, y aquí se omite. Dentro de una carpeta no se sigue ningún enlace;
    un enlace, una FIFO o un dispositivo con la extensión de los datos se lista igual, y su lectura lo
    reporta con su código (archivo-enlace, archivo-fifo…) en lugar de seguirlo o esperar.
    """
    vistos: set[Path] = set()
    salida: list[Path] = []
    for ruta in rutas:
        if ruta.is_dir():
            todos = recorrer(ruta)
            otras = {p.parent for p in todos if p.name == "proceso.yaml" and p.parent != ruta}
            # lo que `recibir` guardó aparte (los envíos rechazados y pendientes, tal como llegaron, y los
            # acuses) no es parte de los datos: validar la carpeta de un periodo no los cuenta como errores de los datos
            candidatos = sorted(p for p in todos if p.suffix in extensiones and not any(o in p.parents for o in otras)
                                and not {"rechazados", "acuses", "pendientes"} & set(p.relative_to(ruta).parts[:-1]))
        else:
            candidatos = [ruta]
        for p in candidatos:
            clave = p.parent.resolve() / p.name  # sin seguir el último enlace: un enlace no es su destino
            if clave not in vistos:
                vistos.add(clave)
                salida.append(p)
    return salida


def recorrer(carpeta: Path) -> list[Path]:
    """Todo lo que no es carpeta bajo `carpeta`, sin entrar en enlaces a carpetas (os.walk no los sigue)."""
    import os

    return [Path(raiz) / n for raiz, carpetas, archivos in os.walk(carpeta)
            for n in archivos + [c for c in carpetas if os.path.islink(os.path.join(raiz, c))]]


def validar(rutas: list[Path], datos: Path | None = None, familia=None) -> Resultado:
    """Lee cada archivo con su familia y corre las reglas registradas (`reglas.py`), todo con la
    severidad que fija el proceso de la carpeta de datos."""
    from .familias import carpeta_de, de_carpeta
    from .reglas import Revision, ajustar, revisar

    carpeta = carpeta_de(rutas, datos)
    familia = familia or de_carpeta(carpeta)
    archivos = expandir(rutas, familia.extensiones)
    lectura = familia.contexto_de_validacion(archivos, datos)
    cargas = [familia.cargar(r, nombre_visible(r), lectura) for r in archivos]
    severidades = severidades_de(carpeta, archivos, cargas, familia, lectura)
    problemas = ajustar((p for c in cargas for p in c.problemas), severidades)
    problemas += revisar(Revision(archivos, cargas, datos, familia, lectura), severidades)
    problemas.sort(key=orden)
    return Resultado([c.archivo for c in cargas], acotar(problemas), cargas)


def severidades_de(carpeta: Path | None, archivos: list[Path], cargas: list[Carga], familia, lectura) -> dict:
    """Lo que `proceso.yaml → severidades` de la carpeta de datos cambia (`reglas.del_proceso`): el que se
    valida, si está entre los archivos, o el de la carpeta (recibir valida envíos que aún no están en ella)."""
    from .reglas import del_proceso

    ruta = carpeta / "proceso.yaml" if carpeta is not None else None
    if ruta is None or not ruta.is_file():
        return {}
    carga = {r.resolve(): c for r, c in zip(archivos, cargas)}.get(ruta.resolve())
    carga = carga or familia.cargar(ruta, nombre_visible(ruta), lectura)
    return del_proceso(carga.registro, familia)


def acotar(problemas: list[Problema]) -> list[Problema]:
    """A lo más LIMITE_POR_CODIGO problemas de cada código por archivo, y una línea con cuántos más hay.

    El lector ya acota lo que ve al leer un archivo; esto acota todo lo demás, en particular las reglas
    que cruzan registros (150 000 `seguimiento` con ids desconocidos daban 56 MB de JSON y un acuse de
    28 MB). `problemas` viene ordenado: se conservan los primeros de cada archivo."""
    import dataclasses
    import re

    from .yaml_seguro import LIMITE_POR_CODIGO

    cuentas: dict[tuple[str, str], int] = {}
    for p in problemas:
        clave = (p.archivo, p.codigo)
        cuentas[clave] = cuentas.get(clave, 0) + 1
    if all(n <= LIMITE_POR_CODIGO + 1 for n in cuentas.values()):  # +1: la línea de resumen del lector
        return problemas
    salida, vistos, omitidos, primeros = [], {}, {}, {}
    for p in problemas:
        clave = (p.archivo, p.codigo)
        primeros.setdefault(clave, p)
        if cuentas[clave] <= LIMITE_POR_CODIGO + 1:
            salida.append(p)
            continue
        resumen = re.match(r"… y ([0-9,]+) problemas más", p.mensaje) if p.linea is None else None
        if resumen:  # el resumen del lector cuenta por muchos
            omitidos[clave] = omitidos.get(clave, 0) + int(resumen[1].replace(",", ""))
            continue
        vistos[clave] = vistos.get(clave, 0) + 1
        if vistos[clave] <= LIMITE_POR_CODIGO:
            salida.append(p)
        else:
            omitidos[clave] = omitidos.get(clave, 0) + 1
    for clave, n in sorted(omitidos.items()):
        # con la severidad de los que cuenta (la que el proceso haya fijado): un resumen de advertencias
        # no es un error
        salida.append(dataclasses.replace(primeros[clave], linea=None, columna=None,
                                          mensaje=f"… y {n:,} problemas más del mismo tipo en este archivo.",
                                          sugerencia="Corrija los anteriores: suelen tener la misma causa."))
    salida.sort(key=orden)
    return salida


def validar_hasta(datos: Path, pid: str, familia=None) -> tuple[list[Problema], dict]:
    """Valida el proceso y los periodos hasta `pid` (la historia también entra en el informe).

    Devuelve también lo ya cargado, por ruta, para que las etapas siguientes no relean nada.
    """
    from .familias import de_carpeta

    from . import cache

    familia = familia or de_carpeta(datos)
    clave = clave_de_carpeta(datos, pid, familia)
    if clave is not None and (problemas := cache.leer_problemas(clave, familia)) is not None:
        return problemas, {}  # nada cambió en la carpeta: quien sigue lee lo que necesite
    rutas = familia.archivos_hasta(datos, pid)
    resultado = validar(rutas, datos, familia)
    if clave is not None:
        cache.guardar_problemas(clave, resultado.problemas, familia)
    return resultado.problemas, {r.resolve(): c for r, c in zip(rutas, resultado.cargas)}


def clave_de_carpeta(datos: Path, pid: str, familia) -> str | None:
    """La huella de todo lo que puede cambiar lo que `validar_hasta` dice: el código, la familia, el
    periodo, cómo se nombran los archivos en los mensajes (carpeta de trabajo y de datos) y, de cada
    archivo y carpeta bajo `datos` (YAML, textos, acuses, de cualquier periodo), su ruta y la huella de
    su contenido. None si algo no se puede leer o no hay caché: entonces se valida."""
    import hashlib
    import os

    from . import cache
    from .cargar import huella_de_contenido

    if cache.carpeta() is None:
        return None
    h = hashlib.blake2b(digest_size=32)
    for parte in (cache.version_del_codigo(), familia.nombre, pid, str(Path.cwd()), str(datos)):
        h.update(os.fsencode(parte) + b"\0")
    pendientes = [(datos, b"")]  # recorrido con scandir: el tipo de cada entrada sin otro stat
    while pendientes:
        carpeta, prefijo = pendientes.pop()
        try:
            with os.scandir(carpeta) as it:
                entradas = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError:
            return None
        subcarpetas = []
        for e in entradas:
            relativa = prefijo + os.fsencode(e.name)
            if e.is_dir(follow_symlinks=False):
                h.update(b"D" + relativa + b"\0")
                subcarpetas.append((Path(e.path), relativa + b"/"))
            elif e.is_file(follow_symlinks=False):
                contenido = huella_de_contenido(Path(e.path))
                if contenido is None:
                    return None
                h.update(b"F" + relativa + b"\0" + contenido.encode() + b"\0")
            else:
                return None  # lo que no es archivo ni carpeta comunes (enlaces, fifos) no se memoriza
        pendientes.extend(reversed(subcarpetas))
    return h.hexdigest()
