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
    se valida aparte, con su familia, y aquí se omite.
    """
    vistos: set[Path] = set()
    salida: list[Path] = []
    for ruta in rutas:
        if ruta.is_dir():
            otras = {p.parent for p in ruta.rglob("proceso.yaml") if p.parent != ruta}
            candidatos = sorted(p for p in ruta.rglob("*") if p.suffix in extensiones and p.is_file()
                                and not any(o in p.parents for o in otras))
        else:
            candidatos = [ruta]
        for p in candidatos:
            clave = p.resolve()
            if clave not in vistos:
                vistos.add(clave)
                salida.append(p)
    return salida


def validar(rutas: list[Path], datos: Path | None = None, familia=None) -> Resultado:
    from .familias import de_rutas

    familia = familia or de_rutas(rutas, datos)
    archivos = expandir(rutas, familia.extensiones)
    contexto = familia.contexto_de_validacion(archivos, datos)
    cargas = [familia.cargar(r, nombre_visible(r), contexto) for r in archivos]
    problemas = [p for c in cargas for p in c.problemas]
    problemas += familia.validar(archivos, cargas, datos, contexto)
    problemas.sort(key=orden)
    return Resultado([c.archivo for c in cargas], problemas, cargas)


def validar_hasta(datos: Path, pid: str, familia=None) -> tuple[list[Problema], dict]:
    """Valida el proceso y los periodos hasta `pid` (la historia también entra en el informe).

    Devuelve también lo ya cargado, por ruta, para que las etapas siguientes no relean nada.
    """
    from .familias import de_carpeta

    familia = familia or de_carpeta(datos)
    rutas = familia.archivos_hasta(datos, pid)
    resultado = validar(rutas, datos, familia)
    return resultado.problemas, {r.resolve(): c for r, c in zip(rutas, resultado.cargas)}
