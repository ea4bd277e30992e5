"""Las familias de informe, su contrato y su registro: el núcleo no conoce ninguna.

Una familia es un paquete (`informe/seguridad/`, `informe/vmre/`) que expone `FAMILIA`, una
instancia de `Familia`: qué archivos lee y cómo, qué reglas cruzan sus archivos, cómo se agrega, con
qué plantillas, figuras y portada se escribe su informe y cómo se comparan dos periodos. La carpeta
de datos dice a qué familia pertenece en su `proceso.yaml` (`familia: vmre`); sin esa clave es la de
seguridad, la primera que tuvo la herramienta. Agregar una familia es escribir su paquete y una
línea en `REGISTRO` (docs/familias.md).

Lo que el núcleo lee de una familia está tipado aquí, una sola vez: `Resumen` (las cifras de un
periodo), `Portada` (quién presenta el informe), `Contexto` (lo que reciben las plantillas) y
`Preparado` (lo que `compilar` pide). `Lectura` y `Familia` traen lo que toda familia repetiría.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Callable, Protocol, runtime_checkable

from .errores import ErrorDeUso

REGISTRO: dict[str, str] = {
    "seguridad": "informe.seguridad",
    "vmre": "informe.vmre",
}
POR_OMISION = "seguridad"


# ---------------------------------------------------------------- lo que el núcleo lee de una familia

@runtime_checkable
class Resumen(Protocol):
    """Las cifras de un periodo, ya agregadas por la familia. Las plantillas y los textos del analista lo
    leen como `r` (lo demás de sus campos es de la familia); el núcleo lee solo esto."""

    periodo: str  # el id AAAA-MM del periodo
    inicio: date  # primer día que se informa: «Periodo que se informa» (portada, asunto del documento)
    fin: date  # la fecha de corte: fecha de la portada y sello de tiempo del DOCX, del PDF y de su zip

    def como_json(self) -> dict:
        """Lo que escribe `informe resumen --formato json` (`mostrar.escribir_json`): tipos de JSON y fechas,
        que se escriben en ISO (AAAA-MM-DD), en orden estable."""


@dataclass(frozen=True)
class Portada:
    """Quién presenta el informe. Va a la portada, al encabezado y a las propiedades del DOCX y del PDF, y
    las plantillas y los textos lo leen como `proceso`. Son textos visibles (`mostrar.visible`): un control
    en `proceso.yaml` haría inválido el XML del documento."""

    nombre: str = ""  # el proceso electoral que se informa («Proceso Electoral Federal 2023-2024»)
    institucion: str = ""  # primera línea de la portada y «Compañía» del DOCX
    area: str = ""  # el área que lo elabora: autor del documento, al pie de la portada

    @classmethod
    def de(cls, proceso, nombre: str = "", institucion: str = "") -> Portada:
        """La portada del `proceso` que leyó la familia (con `nombre`, `institucion` y `area`); sin proceso,
        los valores dados."""
        from .mostrar import visible

        if proceso is None:
            return cls(nombre, institucion, "")
        return cls(visible(proceso.nombre), visible(proceso.institucion), visible(proceso.area))


@dataclass
class Contexto:
    """Lo que reciben las plantillas del informe (cada campo con su nombre, más los de `propio`) y lo que el
    núcleo lee para la portada, el índice y las propiedades del DOCX y del PDF."""

    r: Resumen
    titulo: str  # título del documento: portada y propiedades
    titulo_corto: str  # encabezado de cada página; con el periodo, el asunto del documento
    proceso: Portada
    graficas: dict[str, str | None] = field(default_factory=dict)  # clave → ruta (None: sin datos; "": sin dibujar)
    d: dict | None = None  # las diferencias con otro periodo (`compilar --incluir-diff`)
    indice: bool = True  # si el documento lleva índice
    titulo_indice: str = "Índice"
    fechas_en_portada: bool = True  # False si inicio y fin son supuestos: una suposición no se imprime como hecho
    descripciones: dict[str, str] = field(default_factory=dict)  # texto alternativo de cada gráfica (lo pone el núcleo)
    propio: dict = field(default_factory=dict)  # lo que solo leen las plantillas de la familia

    def para_plantillas(self) -> dict:
        comunes = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "propio"}
        return {**comunes, **self.propio}


@dataclass
class Preparado:
    """Lo que `compilar` necesita de una familia para un periodo, ya agregado."""
    periodo: str
    resumen: Resumen
    contexto: Callable[[dict, dict | None], Contexto]  # (gráficas, diferencias) → contexto de las plantillas
    textos: list = field(default_factory=list)  # redacción del analista (textos.Texto)
    faltantes: list[tuple[str, str]] = field(default_factory=list)  # (quién, "falta" | "rechazado")
    notas: list[str] = field(default_factory=list)  # notas de captura: van aparte, nunca al informe
    correcciones: list[str] = field(default_factory=list)  # lo que la fuente publicada necesitó corregir
    omisiones: list[str] = field(default_factory=list)  # lo que el informe no incluye, y por qué
    titulo_notas: str = ""
    comparar: Callable[[str], dict] | None = None  # periodo anterior → diferencias para el informe
    datos: object = None  # lo cargado por la familia (en seguridad, la historia de JLE puede venir del índice)


# ---------------------------------------------------------------- lo que una familia escribe y lo que hereda

class Lectura:
    """Cómo se lee un archivo de la familia. Vive en un módulo hoja del paquete de la familia
    (`<familia>/carga.py`, con su instancia `LECTURA`), que los demás módulos del paquete importan para
    leer con caché sin importar el paquete mismo (que importa a todos: sería un ciclo)."""

    nombre: str = ""
    # Tablas CSV de cada periodo: tipo → `tablas_csv.Esquema` (su archivo, columnas, clave y fila de totales).
    # Con ellas y `proceso.Proceso`, la lectura por omisión basta para una familia de tablas.
    tablas: dict = {}
    extensiones: tuple[str, ...] = (".yaml", ".yml", ".csv")  # lo que `validar <carpeta>` recorre
    filas_cache: dict = {}  # clases grandes que la caché guarda como filas posicionales

    @property
    def clases(self) -> tuple[type, ...]:
        """Su modelo: lo único que la caché puede reconstruir (por omisión, lo que la lectura por omisión da)."""
        from .proceso import Proceso
        from .tablas_csv import FilaCsv, TablaCsv

        return (Proceso, TablaCsv, FilaCsv)

    def contexto(self, datos: Path | None) -> object:
        """Lo que la lectura de los archivos de `datos` necesita además de sus bytes (la familia de
        seguridad: sus catálogos con los alias de proceso.yaml). Si tiene `firma()`, entra en la huella
        de la caché. Es un valor que se pasa, nunca estado global."""
        return None

    def tipo_de_archivo(self, ruta: Path) -> str:
        """El tipo de un archivo por su nombre: «proceso» para proceso.yaml, el de su tabla para un CSV de
        `tablas`, «desconocido» para lo demás."""
        nombre = ruta.name.lower()
        if nombre in ("proceso.yaml", "proceso.yml"):
            return "proceso"
        return next((tipo for tipo, esquema in self.tablas.items() if esquema.archivo == nombre), "desconocido")

    def cargar_bytes(self, datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None):
        """Los bytes de un archivo → `cargar.Carga` (registro del modelo y problemas con línea y columna).
        Por omisión: proceso.yaml con `proceso.leer_proceso`, las `tablas` con el lector de tablas CSV, y
        cualquier otro archivo es un problema (`archivo-desconocido`), nunca un archivo que se ignora."""
        from .cargar import Carga, cargar_yaml
        from .problemas import problema

        if tipo == "proceso":
            from .proceso import leer_proceso

            return cargar_yaml(datos, ruta, nombre, tipo, lambda raiz, lector, *_: leer_proceso(raiz, lector),
                               "Empiece el archivo con «familia: …» y «nombre: …».")
        if tipo in self.tablas:
            return _cargar_tabla(datos, nombre, tipo, self.tablas[tipo])
        archivos = ", ".join(["proceso.yaml", *(e.archivo for e in self.tablas.values())])
        return Carga(nombre, tipo, None, [problema(
            nombre, None, None, "archivo-desconocido",
            f"«{ruta.name}» no es un archivo de la familia {self.nombre}.", f"Los archivos que lee son: {archivos}.")])

    def cargar(self, ruta: Path, nombre: str | None = None, contexto=None):
        """Un archivo, de la caché si no cambió (ni él, ni el código, ni el contexto)."""
        from .cargar import cargar_archivo

        return cargar_archivo(ruta, nombre, self, contexto)

    def cargar_o_leer(self, ruta: Path, cargas: dict | None = None, contexto=None):
        """La carga de `ruta` que ya hizo `validar` (en `cargas`, por ruta resuelta) o, si no está, leída."""
        from .almacen import nombre_visible

        return (cargas or {}).get(ruta.resolve()) or self.cargar(ruta, nombre_visible(ruta), contexto)

    def leer_proceso(self, datos: Path | None, cargas: dict | None = None):
        """El registro de `<datos>/proceso.yaml`, o None si no hay o no se pudo leer. Se lee con el
        contexto sin carpeta: sus alias se validan contra lo de base."""
        ruta = datos / "proceso.yaml" if datos is not None else None
        if ruta is None or not ruta.is_file():
            return None
        carga = self.cargar_o_leer(ruta, cargas, self.contexto(None))
        return carga.registro if carga.tipo == "proceso" else None


def _cargar_tabla(datos: bytes, nombre: str, tipo: str, esquema):
    from .cargar import Carga
    from .tablas_csv import leer
    from .yaml_seguro import decodificar

    texto, problemas = decodificar(datos, nombre)
    if texto is None:
        return Carga(nombre, tipo, None, problemas)
    tabla, mas = leer(texto, nombre, esquema)
    return Carga(nombre, tipo, tabla, problemas + mas)


class Familia(Lectura):
    """Lo que una familia declara. Los métodos que levantan NotImplementedError los escribe cada familia;
    los demás tienen una implementación común que la familia cambia solo si lo suyo difiere."""

    descripcion: str = ""
    # ranura → dónde aparece en el informe (docs/textos.md): los textos del analista que la familia acepta
    ranuras: dict[str, str] = {}
    # Lo que la familia trae en sus módulos, «módulo:nombre» dentro de su paquete; se importa cuando hace
    # falta (validar no paga pandoc ni matplotlib). Claves: preparar, figuras, mostrar_resumen, diff_csv,
    # diff_markdown, diff_rich, importar, forma_textos (cada una, la forma del método del mismo nombre;
    # preparar recibe además la familia) y reglas (su `reglas.Registro`: las reglas que cruzan archivos,
    # que el núcleo corre después de las suyas). Una familia que prefiera escribir el método lo escribe.
    piezas: dict[str, str] = {}
    # El contrato que prueba tests/test_contrato.py para cada familia del REGISTRO: su carpeta de ejemplo
    # (ruta desde la raíz del proyecto), que valida sin errores y compila; y una celda alterada en ella
    # (archivo dentro del ejemplo, texto, reemplazo, código que la regla debe dar), que validar atrapa.
    ejemplo: str = ""
    alteracion: tuple[str, str, str, str] = ("", "", "", "")

    # ---- validación
    def contexto_de_validacion(self, archivos: list[Path], datos: Path | None) -> object:
        """El contexto con que se leen `archivos` (por omisión, el de `datos`)."""
        return self.contexto(datos)

    # Las reglas (informe/reglas.py): las del núcleo (los textos de las `ranuras`, las severidades del
    # proceso) y, si la familia declara la pieza «reglas», las suyas. `tipo_periodo`: el tipo de archivo
    # que define un periodo (su registro tiene `id`): los textos de `<periodo>/textos/` se revisan cuando
    # se valida ese archivo; None: cuando se valida cualquier archivo del periodo.
    tipo_periodo: str | None = None

    def forma_textos(self, lectura=None) -> dict | None:
        """Lo que un texto puede citar (`textos.revisar`): validar revisa cada cifra sin calcularla. Sin la
        pieza «forma_textos», None: solo las variables de primer nivel. `lectura`: el contexto con que se
        leyeron los archivos (en seguridad, los catálogos del proceso: un texto puede citar la cifra de un
        estatus que el proceso agrega)."""
        return self.pieza("forma_textos")(lectura) if "forma_textos" in self.piezas else None

    # ---- periodos
    def archivos_de_periodo(self, datos: Path, periodo: str) -> list[Path]:
        """Los archivos de un periodo: por omisión, los de `<datos>/<periodo>/` con una de `extensiones`
        (sin los ocultos; las subcarpetas, como `textos/`, no)."""
        carpeta = datos / periodo
        if not carpeta.is_dir():
            return []
        return sorted(r for r in carpeta.iterdir()
                      if r.is_file() and r.suffix in self.extensiones and not r.name.startswith("."))

    def archivos_hasta(self, datos: Path, periodo: str) -> list[Path]:
        """Los archivos que entran al informe de `periodo` (el proceso, ese periodo y los anteriores)."""
        from .almacen import ids_de_periodo

        rutas = [datos / "proceso.yaml"] if (datos / "proceso.yaml").is_file() else []
        for p in ids_de_periodo(datos):
            if p <= periodo:
                rutas += self.archivos_de_periodo(datos, p)
        return rutas

    def leer_periodo(self, datos: Path, periodo: str, cargas: dict | None = None) -> list:
        """Las cargas (`cargar.Carga`) de los archivos de un periodo, de `cargas` o leídas."""
        contexto = self.contexto(datos)
        return [self.cargar_o_leer(r, cargas, contexto) for r in self.archivos_de_periodo(datos, periodo)]

    def numero_de_periodo(self, datos: Path, periodo: str) -> int | None:
        """El número de informe de un periodo («6» → 2024-05), si la familia los numera."""
        return None

    def resolver_periodo(self, datos: Path, periodo: str) -> str:
        """El id AAAA-MM de un periodo escrito como lo escribe una persona (`almacen.resolver_periodo`),
        también por el número del informe si la familia los numera."""
        from .almacen import resolver_periodo

        return resolver_periodo(datos, periodo, lambda pid: self.numero_de_periodo(datos, pid))

    def pieza(self, nombre: str):
        """La función o el valor que `piezas[nombre]` nombra, importado ahora."""
        if nombre not in self.piezas:
            raise NotImplementedError(f"la familia {self.nombre} no declara «{nombre}» en piezas ni escribe el método")
        modulo, _, atributo = self.piezas[nombre].partition(":")
        return getattr(import_module(f"{type(self).__module__}.{modulo}"), atributo)

    def importar(self, ruta: Path, datos: Path, periodo: str, reemplazar: bool = False, **opciones):
        """`informe importar` en una carpeta de esta familia: [(archivo, archivos.Guardado, filas)] y avisos.
        `opciones`: las que la familia agrega a la orden (`ordenes`). (La familia de seguridad importa anexos
        por entidad con su propia tabla de resultados: la muestra su `mostrar_importacion`.)"""
        if "importar" not in self.piezas:
            raise ErrorDeUso(f"la familia {self.nombre} no importa archivos")
        return self.pieza("importar")(ruta, datos, periodo, reemplazar, **opciones)

    def mostrar_importacion(self, resultado, titulo: str, consola) -> bool:
        """Lo que `importar` devolvió, en la terminal; True si algo no se importó (la orden sale con 1)."""
        from .mostrar import importacion_texto

        return importacion_texto(*resultado, titulo, consola)

    # ---- el informe
    @property
    def plantillas(self) -> Path:
        """La raíz de sus plantillas (informe.md.j2): por omisión `plantillas/<nombre>/` del paquete."""
        from .renderizar import PLANTILLAS_PAQUETE

        return PLANTILLAS_PAQUETE / self.nombre

    @property
    def figuras(self) -> dict:
        """clave → figuras.Figura (dibujar, datos del resumen, hay datos, texto alternativo); sin figuras, {}."""
        return self.pieza("figuras") if "figuras" in self.piezas else {}

    def preparar(self, datos: Path, periodo: str, cargas: dict) -> Preparado:
        """El periodo agregado: su `Resumen`, el `Contexto` de sus plantillas y la redacción del analista."""
        return self.pieza("preparar")(self, datos, periodo, cargas)

    def textos(self, datos: Path, periodo: str, proceso) -> list:
        """La redacción del analista que entra al informe (`textos.Texto`): los textos fijos que declara el
        `proceso` y los de `<periodo>/textos/`, en las `ranuras` de la familia. `validar` ya señala un texto
        malo; si se llega aquí sin validar, no se compone nada dudoso (error de uso)."""
        from . import textos

        fijos, problemas = textos.del_proceso(datos, proceso, self.ranuras)
        del_periodo, mas = textos.del_periodo(datos, periodo, self.ranuras)
        if problemas + mas:
            p = (problemas + mas)[0]
            raise ErrorDeUso(f"{p.ubicacion()}: {p.mensaje}")
        return fijos + del_periodo

    def mostrar_resumen(self, resumen: Resumen, consola) -> None:
        """`informe resumen` en la terminal; sin una pieza que lo muestre, sus cifras como JSON."""
        if "mostrar_resumen" not in self.piezas:
            import io

            from .mostrar import escribir_json

            texto = io.StringIO()
            escribir_json(resumen.como_json(), texto)
            consola.print_json(texto.getvalue())
            return
        self.pieza("mostrar_resumen")(resumen, consola)

    # ---- entre periodos (`informe diff`)
    def comparar(self, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                 entidades: list[str] = (), **opciones) -> dict:
        """`opciones`: las que la familia agrega a `informe diff` (`ordenes`)."""
        raise ErrorDeUso(f"la familia {self.nombre} no compara periodos")

    def mostrar_diff(self, resultado: dict, formato: str, consola) -> None:
        """`formato`: texto, md o csv (el JSON lo escribe el núcleo). Por omisión escribe `diff_csv` o
        `diff_markdown`, o muestra `diff_rich` en la terminal."""
        import sys

        if formato == "csv":
            sys.stdout.write(self.diff_csv(resultado))
        elif formato == "md":
            sys.stdout.write(self.diff_markdown(resultado))
        else:
            self.diff_rich(resultado, consola)

    def diff_csv(self, resultado: dict) -> str:
        if "diff_csv" not in self.piezas:
            raise ErrorDeUso(f"la familia {self.nombre} no escribe el diff en CSV; use --formato md o json")
        return self.pieza("diff_csv")(resultado)

    def diff_markdown(self, resultado: dict) -> str:
        if "diff_markdown" not in self.piezas:
            raise ErrorDeUso(f"la familia {self.nombre} no escribe el diff en Markdown; use --formato json")
        return self.pieza("diff_markdown")(resultado)

    def diff_rich(self, resultado: dict, consola) -> None:
        """En la terminal; sin una pieza propia, el Markdown de `diff_markdown` tal cual."""
        if "diff_rich" not in self.piezas:
            consola.print(self.diff_markdown(resultado), markup=False, end="")
            return
        self.pieza("diff_rich")(resultado, consola)

    def perdida(self, resultado: dict) -> str | None:
        """Si la comparación muestra datos que se perdieron entre los dos periodos, el mensaje; si no, None."""
        return None

    # ---- la línea de comandos
    def ordenes(self, app) -> None:
        """Las órdenes propias de la familia y sus opciones en las órdenes genéricas.

        `informe.cli` registra las genéricas (validar, resumen, compilar, diff, importar) y después llama a
        este método de cada familia del `REGISTRO` con su `typer.Typer`: la familia agrega órdenes con
        `app.command()` (o un grupo con `app.add_typer`) y opciones a una genérica con
        `cli_comun.ampliar(app, "diff", self.nombre)`. Corre en cada arranque, también para `--help`: el
        módulo de las órdenes no importa nada pesado (cada orden importa lo suyo al correr).
        """

    def describir_faltantes(self, faltantes: list[tuple[str, str]], periodo: str, datos: Path) -> tuple[str, str | None]:
        """Lo que `compilar` dice cuando faltan entregas (`Preparado.faltantes`): qué falta, en oraciones, y
        la orden que lo detalla (o None)."""
        from .lengua import plural

        n = len(faltantes)
        return f"{n} {plural(n, 'entrega')} sin recibir en {periodo}: {', '.join(q for q, _ in faltantes)}.", None


def delta(ahora: int | None, antes: int | None) -> dict:
    """Una cifra en dos periodos y su cambio (None si falta alguna): la celda de un `diff`."""
    return {"antes": antes, "ahora": ahora, "cambio": None if ahora is None or antes is None else ahora - antes}


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


def carpeta_de(rutas: list[Path], datos: Path | None) -> Path | None:
    """La carpeta de datos de lo que se valida: la que contiene la primera ruta (buscando proceso.yaml
    hacia arriba, como git busca .git) o, si no está en ninguna, --datos."""
    for ruta in rutas[:1]:
        inicio = (ruta if ruta.is_dir() else ruta.parent).resolve()
        for carpeta in [inicio, *inicio.parents][:4]:
            if (carpeta / "proceso.yaml").is_file():
                return carpeta
    return datos
