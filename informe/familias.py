"""Las familias de informe y su registro: el núcleo no conoce ninguna.

Una familia es un paquete (`informe/seguridad/`, `informe/vmre/`) que expone `FAMILIA`, una
instancia de `Familia`: qué archivos lee y cómo, qué reglas cruzan sus archivos, cómo se agrega, con
qué plantillas, figuras y portada se escribe su informe y cómo se comparan dos periodos. La carpeta
de datos dice a qué familia pertenece en su `proceso.yaml` (`familia: vmre`); sin esa clave es la de
seguridad, la primera que tuvo la herramienta. Agregar una familia es escribir su paquete y una
línea en `REGISTRO` (docs/familias.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Callable

from .errores import ErrorDeUso

REGISTRO: dict[str, str] = {
    "seguridad": "informe.seguridad",
    "vmre": "informe.vmre",
}
POR_OMISION = "seguridad"


@dataclass
class Preparado:
    """Lo que `compilar` necesita de una familia para un periodo, ya agregado."""
    periodo: str
    resumen: object  # lo que leen las plantillas como `r`
    contexto: Callable[[dict, dict | None], dict]  # (gráficas, diferencias) → contexto de la plantilla
    textos: list = field(default_factory=list)  # redacción del analista (textos.Texto)
    faltantes: list[tuple[str, str]] = field(default_factory=list)  # (quién, "falta" | "rechazado")
    notas: list[str] = field(default_factory=list)  # notas de captura: van aparte, nunca al informe
    correcciones: list[str] = field(default_factory=list)  # lo que la fuente publicada necesitó corregir
    omisiones: list[str] = field(default_factory=list)  # lo que el informe no incluye, y por qué
    titulo_notas: str = ""
    comparar: Callable[[str], dict] | None = None  # periodo anterior → diferencias para el informe
    datos: object = None  # lo cargado por la familia (en seguridad, la historia de JLE puede venir del índice)


class Familia:
    """Lo que una familia declara. Los métodos sin cuerpo los escribe cada familia."""

    nombre: str = ""
    descripcion: str = ""
    clases: tuple[type, ...] = ()  # su modelo: lo único que la caché puede reconstruir
    filas_cache: dict = {}  # clases grandes que la caché guarda como filas posicionales
    extensiones: tuple[str, ...] = (".yaml", ".yml")  # lo que `validar <carpeta>` recorre
    # El contrato que prueba tests/test_contrato.py para cada familia del REGISTRO: su carpeta de ejemplo
    # (ruta desde la raíz del proyecto), que valida sin errores y compila; y una celda alterada en ella
    # (archivo dentro del ejemplo, texto, reemplazo, código que la regla debe dar), que validar atrapa.
    ejemplo: str = ""
    alteracion: tuple[str, str, str, str] = ("", "", "", "")

    # ---- lectura
    def contexto(self, datos: Path | None) -> object:
        """Lo que la lectura de los archivos de `datos` necesita además de sus bytes (la familia de
        seguridad: sus catálogos con los alias de proceso.yaml). Si tiene `firma()`, entra en la huella
        de la caché. Es un valor que se pasa, nunca estado global."""
        return None

    def tipo_de_archivo(self, ruta: Path) -> str:
        raise NotImplementedError

    def cargar_bytes(self, datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None):
        raise NotImplementedError

    def cargar(self, ruta: Path, nombre: str | None = None, contexto=None):
        from .cargar import cargar_archivo

        return cargar_archivo(ruta, nombre, self, contexto)

    # ---- validación
    def contexto_de_validacion(self, archivos: list[Path], datos: Path | None) -> object:
        """El contexto con que se leen `archivos` (por omisión, el de `datos`)."""
        return self.contexto(datos)

    def validar(self, archivos: list[Path], cargas: list, datos: Path | None, contexto=None) -> list:
        """Las reglas que cruzan archivos; los problemas de cada archivo ya vienen en su carga."""
        return []

    def archivos_de_periodo(self, datos: Path, periodo: str) -> list[Path]:
        raise NotImplementedError

    def archivos_hasta(self, datos: Path, periodo: str) -> list[Path]:
        """Los archivos que entran al informe de `periodo` (el proceso, ese periodo y los anteriores)."""
        from .almacen import ids_de_periodo

        rutas = [datos / "proceso.yaml"] if (datos / "proceso.yaml").is_file() else []
        for p in ids_de_periodo(datos):
            if p <= periodo:
                rutas += self.archivos_de_periodo(datos, p)
        return rutas

    def importar(self, ruta: Path, datos: Path, periodo: str, reemplazar: bool = False):
        """`informe importar` en una carpeta de esta familia: [(archivo, archivos.Guardado, filas)] y avisos.
        (La familia de seguridad importa anexos por entidad con su propia tabla de resultados.)"""
        raise ErrorDeUso(f"la familia {self.nombre} no importa archivos")

    # ---- periodos e informe
    def numero_de_periodo(self, datos: Path, periodo: str) -> int | None:
        """El número de informe de un periodo («6» → 2024-05), si la familia los numera."""
        return None

    def preparar(self, datos: Path, periodo: str, cargas: dict) -> Preparado:
        raise NotImplementedError

    plantillas: Path | None = None  # raíz de sus plantillas (informe.md.j2)
    figuras: dict = {}  # clave → figuras.Figura (dibujar, datos del resumen, hay datos, texto alternativo)

    def mostrar_resumen(self, resumen, consola) -> None:
        raise NotImplementedError

    # ---- entre periodos (`informe diff`)
    def comparar(self, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                 entidades: list[str] = (), sin_avance: int = 3, todos: bool = False) -> dict:
        raise ErrorDeUso(f"la familia {self.nombre} no compara periodos")

    def mostrar_diff(self, resultado: dict, formato: str, consola) -> None:
        """`formato`: texto, md o csv (el JSON lo escribe el núcleo)."""
        raise NotImplementedError

    def perdida(self, resultado: dict) -> str | None:
        """Si la comparación muestra datos que se perdieron entre los dos periodos, el mensaje; si no, None."""
        return None


def familia(nombre: str) -> Familia:
    if nombre not in REGISTRO:
        from .lengua import parecido

        cercana = parecido(nombre, list(REGISTRO))
        raise ErrorDeUso(f"no hay una familia de informe «{nombre}»"
                         + (f"; ¿quiso decir «{cercana}»?" if cercana else f"; hay: {', '.join(REGISTRO)}"))
    return import_module(REGISTRO[nombre]).FAMILIA


def nombre_en(datos: Path | None) -> str:
    """La familia que declara `<datos>/proceso.yaml` (`familia: …`), sin interpretar el resto del archivo."""
    ruta = datos / "proceso.yaml" if datos is not None else None
    if ruta is None or not ruta.is_file():
        return POR_OMISION
    from yaml.nodes import MappingNode, ScalarNode

    from .archivos import leer_entrada
    from .yaml_seguro import TAMANO_MAXIMO, componer, decodificar

    crudo, _ = leer_entrada(ruta, str(ruta), TAMANO_MAXIMO)
    texto, _ = decodificar(crudo, str(ruta)) if crudo is not None else (None, [])
    raiz, _ = componer(texto, str(ruta)) if texto is not None else (None, [])
    if isinstance(raiz, MappingNode):  # un proceso.yaml ilegible es de la familia por omisión: validar lo dirá
        for k, v in raiz.value:
            if isinstance(k, ScalarNode) and k.value == "familia" and isinstance(v, ScalarNode):
                return v.value.strip()
    return POR_OMISION


def de_carpeta(datos: Path | None) -> Familia:
    return familia(nombre_en(datos))


def de_rutas(rutas: list[Path], datos: Path | None) -> Familia:
    """La familia de lo que se valida: la de la carpeta de datos que contiene la primera ruta (buscando
    proceso.yaml hacia arriba, como git busca .git) o, si no está en ninguna, la de --datos."""
    for ruta in rutas[:1]:
        inicio = (ruta if ruta.is_dir() else ruta.parent).resolve()
        for carpeta in [inicio, *inicio.parents][:4]:
            if (carpeta / "proceso.yaml").is_file():
                return de_carpeta(carpeta)
    return de_carpeta(datos)
