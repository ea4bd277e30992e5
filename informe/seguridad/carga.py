"""Cómo se lee un archivo de la familia de seguridad: la parte de la familia que sus módulos usan.

`LECTURA` lee con caché (`Lectura.cargar`) y con los catálogos que declara el proceso.yaml de la carpeta
(`catalogos_de`). Es un módulo hoja del paquete: no importa ninguno de los que lo usan (almacen, indice,
recibir, importar, reglas…), así que ninguno necesita importar el paquete, que los importa a todos.
`informe.seguridad.Seguridad` es esta lectura más el resto de la familia.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..familias import Lectura

if TYPE_CHECKING:  # el modelo (dataclasses y catálogos) se importa al leer, no al registrar las órdenes
    from .modelo import Proceso


@lru_cache(maxsize=1)
def _filas_cache() -> dict:
    """La historia son cientos de miles de acuerdos: InformeJLE viaja en la caché como fila posicional,
    derivada de sus campos (un campo nuevo del modelo llega a la caché sin tocar nada aquí)."""
    from ..filas import derivar
    from .modelo import InformeJLE

    return {"InformeJLE": ("J", *derivar(InformeJLE))}


class LecturaSeguridad(Lectura):
    nombre = "seguridad"
    extensiones = (".yaml", ".yml")

    @property
    def filas_cache(self) -> dict:
        return _filas_cache()

    @property
    def clases(self) -> tuple[type, ...]:
        import dataclasses

        from . import modelo

        return tuple(c for c in vars(modelo).values() if isinstance(c, type) and dataclasses.is_dataclass(c))

    def contexto(self, datos: Path | None):
        """Los catálogos con los alias del proceso.yaml de `datos` (sin carpeta: los de base)."""
        return catalogos_de(datos)

    def tipo_de_archivo(self, ruta: Path) -> str:
        nombre = ruta.name.lower()
        for tipo in ("periodo", "federal", "proceso"):
            if nombre in (f"{tipo}.yaml", f"{tipo}.yml"):
                return tipo
        return "jle"

    def cargar_bytes(self, datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None):
        from ..cargar import cargar_yaml

        return cargar_yaml(datos, ruta, nombre, tipo, interpretar,
                           "Empiece el archivo con «entidad: …» (vea `informe plantilla`).", contexto)

    def leer_proceso(self, datos: Path | None, cargas: dict | None = None) -> Proceso | None:
        from .modelo import Proceso

        registro = super().leer_proceso(datos, cargas)
        return registro if isinstance(registro, Proceso) else None


LECTURA = LecturaSeguridad()


def interpretar(raiz, lector, tipo: str, ruta: Path):
    """El registro de un archivo de la familia según su tipo (`LecturaSeguridad.tipo_de_archivo`)."""
    from ..cargar import periodo_de_carpeta
    from . import catalogos as cat
    from .lectura import leer_jle
    from .lectura_periodo import leer_federal, leer_periodo, leer_proceso

    if tipo == "jle":
        return leer_jle(raiz, lector)
    if tipo == "periodo":
        return leer_periodo(raiz, lector, periodo_de_carpeta(ruta))
    if tipo == "federal":
        return leer_federal(raiz, lector, periodo_de_carpeta(ruta))
    lector.contexto = cat.BASE  # los alias de proceso.yaml se validan contra los catálogos de base
    return leer_proceso(raiz, lector)


def cargar_archivo(ruta: Path, nombre: str | None = None):
    """Un archivo de la familia de seguridad, con caché (atajo de `LECTURA.cargar`)."""
    return LECTURA.cargar(ruta, nombre)


def catalogos_del_proceso(proceso: Proceso | None):
    """Los catálogos con lo que agrega un proceso, alias y estatus (o los de base, sin proceso)."""
    from . import catalogos as cat
    from .modelo import Proceso

    if not isinstance(proceso, Proceso) or not (proceso.alias_entidades or proceso.alias_estatus
                                                 or proceso.estatus_agregados):
        return cat.BASE
    return cat.Catalogos(proceso.alias_entidades, proceso.alias_estatus, proceso.estatus_agregados)


def cargar_proceso(raiz: Path | None) -> Proceso | None:
    """El proceso.yaml de `raiz`, leído con los catálogos de base (sus alias se validan contra ellos)."""
    return LECTURA.leer_proceso(raiz)


def catalogos_de(raiz: Path | None):
    return catalogos_del_proceso(cargar_proceso(raiz))
