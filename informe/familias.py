"""Las familias de informe, su contrato y su registro: el núcleo no conoce ninguna.

Una familia es un paquete (`informe/seguridad/`, `informe/vmre/`) cuyo `__init__.py` declara `FAMILIA`,
una `Familia` hecha de partes tipadas, cada una opcional: sus archivos (`Archivos`: su patrón, su lector y
el modelo que dan), sus códigos, sus reglas, su informe (`Informe`: preparar, plantillas, figuras), su
comparación (`Comparacion`: diff) y sus órdenes (`Ordenes`). Registrarla comprueba sus partes contra la
lista cerrada `PARTES`: una parte desconocida o retirada (`RETIRADAS`) es un error que dice qué va en su
lugar. La carpeta de datos dice a qué familia pertenece en su `proceso.yaml` (`familia: vmre`); sin esa
clave es la de seguridad, la primera que tuvo la herramienta. Agregar una familia es escribir su paquete y una
línea en `REGISTRO` (docs/familias.md).

Lo que el núcleo lee de una familia está tipado aquí, una sola vez: `Resumen` (las cifras de un
periodo), `Portada` (quién presenta el informe), `Contexto` (lo que reciben las plantillas) y
`Preparado` (lo que `compilar` pide). `Familia` trae lo que toda familia repetiría cuando no declara la
parte.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from importlib import import_module
from importlib.util import find_spec
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
    fechas_en_portada: bool = True  # False si la portada no imprime el periodo (supuesto, o ya en el subtítulo)
    fechas_supuestas: bool = False  # inicio y fin no constan en ninguna fuente: no se imprimen como hecho
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


# ---------------------------------------------------------------- las partes de una familia

class FamiliaInvalida(ErrorDeUso):
    """Una familia que no cumple el contrato. Se dice al registrarla, con lo que va en lugar de lo que sobra:
    un gancho que ya no existe no se ignora en silencio (sus reglas no correrían y validar diría «0 errores»)."""


# Una parte que vive en el paquete de la familia se nombra «módulo:nombre» y se importa al usarse: validar no
# paga pandoc ni matplotlib, y el módulo que declara la familia no importa ninguno de su paquete (es hoja: los
# demás importan `FAMILIA` de él sin formar un ciclo).

@dataclass(frozen=True)
class Archivos:
    """Leer: qué archivos (el patrón), con qué lector y qué modelo resulta. Sin `tipo` ni `lector`, lee
    proceso.yaml (`proceso.leer_proceso`) y las `tablas` con el lector declarativo de CSV, y cualquier otro
    archivo es un problema (`archivo-desconocido`)."""

    extensiones: tuple[str, ...] = (".yaml", ".yml", ".csv")  # el patrón: lo que `validar <carpeta>` recorre
    tablas: dict = field(default_factory=dict)  # tipo → tablas_csv.Esquema (archivo, columnas, clave, totales)
    tipo: str = ""  # «módulo:función»: ruta → tipo de archivo
    lector: str = ""  # «módulo:función»: (bytes, ruta, nombre, tipo, contexto) → cargar.Carga
    modelo: str = ""  # «módulo:nombre»: la tupla de clases que la caché puede reconstruir
    filas_cache: str = ""  # «módulo:función»: () → {clase: fila posicional} para las clases grandes
    contexto: str = ""  # «módulo:función»: datos → lo que la lectura necesita además de los bytes
    contexto_de_validacion: str = ""  # «módulo:función»: (archivos, datos) → ese contexto (por omisión, el de datos)
    archivos_de_periodo: str = ""  # «módulo:función»: (datos, periodo) → rutas (por omisión, las de la carpeta)
    numero_de_periodo: str = ""  # «módulo:función»: (datos, periodo) → número de informe o None
    # el tipo de archivo que define un periodo: sus textos se revisan al validarlo (None: con cualquier archivo)
    tipo_periodo: str | None = None


@dataclass(frozen=True)
class Informe:
    """El informe de un periodo: cómo se prepara, con qué plantillas y qué figuras."""

    preparar: str  # «módulo:función»: (familia, datos, periodo, cargas) → Preparado
    plantillas: str | Path = ""  # carpeta dentro de plantillas/ del paquete ("": la del nombre; ".": la raíz) o ruta
    figuras: str = ""  # «módulo:nombre»: {clave: figuras.Figura}
    ranuras: str = ""  # «módulo:nombre»: {ranura: dónde aparece}; los textos del analista solo entran en ellas
    forma_textos: str = ""  # «módulo:función»: contexto de lectura → lo que un texto puede citar
    resumen: str = ""  # «módulo:función»: (resumen, consola) → `informe resumen` en la terminal
    faltantes: str = ""  # «módulo:función»: (faltantes, periodo, datos) → (qué falta, orden que lo detalla)


@dataclass(frozen=True)
class Comparacion:
    """`informe diff` y `compilar --incluir-diff`."""

    comparar: str  # «módulo:función»: (familia, datos, datos_desde, desde, hasta, cargas, entidades, **opciones) → dict
    markdown: str = ""  # «módulo:función»: resultado → texto
    csv: str = ""  # «módulo:función»: resultado → texto
    terminal: str = ""  # «módulo:función»: (resultado, consola); sin ella, el Markdown tal cual
    perdida: str = ""  # «módulo:función»: resultado → mensaje si se perdieron datos entre los periodos, o None


@dataclass(frozen=True)
class Ordenes:
    """La línea de órdenes: las propias de la familia y lo suyo en `informe importar`."""

    registrar: str = ""  # «módulo:función»: app → agrega órdenes y opciones (`cli_comun.ampliar`)
    importar: str = ""  # «módulo:función»: (ruta, datos, periodo, reemplazar=, **opciones) → resultado
    mostrar_importacion: str = ""  # «módulo:función»: (resultado, título, consola) → True si algo no se importó


# Las partes, como los EVENTS de mkdocs: la lista cerrada de lo que una familia puede declarar.
PARTES: dict[str, type] = {"codigos": dict, "archivos": Archivos, "reglas": str, "informe": Informe,
                           "comparacion": Comparacion, "ordenes": Ordenes}

# Lo que fue parte del contrato y ya no: quien lo declare lo sabe al registrar la familia, con su reemplazo.
RETIRADAS: dict[str, str] = {
    "validar": "reglas=\"reglas:REGLAS\" (un reglas.Registro: cada regla, una función con @REGLAS.regla)",
    "piezas": "las partes archivos, reglas, informe, comparacion y ordenes",
    **{v: f"archivos=Archivos({c}=…)" for v, c in (
        ("tipo_de_archivo", "tipo"), ("cargar_bytes", "lector"), ("clases", "modelo"), ("filas_cache", "filas_cache"),
        ("contexto", "contexto"), ("contexto_de_validacion", "contexto_de_validacion"), ("tablas", "tablas"),
        ("archivos_de_periodo", "archivos_de_periodo"), ("numero_de_periodo", "numero_de_periodo"),
        ("tipo_periodo", "tipo_periodo"), ("extensiones", "extensiones"))},
    **{v: f"informe=Informe({c}=…)" for v, c in (
        ("preparar", "preparar"), ("plantillas", "plantillas"), ("figuras", "figuras"), ("ranuras", "ranuras"),
        ("forma_textos", "forma_textos"), ("mostrar_resumen", "resumen"), ("describir_faltantes", "faltantes"))},
    **{v: f"comparacion=Comparacion({c}=…)" for v, c in (
        ("comparar", "comparar"), ("diff_markdown", "markdown"), ("diff_csv", "csv"), ("diff_rich", "terminal"),
        ("mostrar_diff", "markdown, csv o terminal"), ("perdida", "perdida"))},
    **{v: f"ordenes=Ordenes({c}=…)" for v, c in (
        ("ordenes", "registrar"), ("importar", "importar"), ("mostrar_importacion", "mostrar_importacion"))},
}


def _referencias(partes: dict) -> list[tuple[str, str]]:
    """(dónde, «módulo:nombre») de cada parte que vive en el paquete."""
    salida = [("reglas", partes["reglas"])] if partes.get("reglas") else []
    for nombre in ("archivos", "informe", "comparacion", "ordenes"):
        parte = partes.get(nombre)
        if parte is not None and not isinstance(parte, dict):
            salida += [(f"{nombre}.{f.name}", getattr(parte, f.name)) for f in fields(parte)
                       if isinstance(getattr(parte, f.name), str) and f.name not in ("tipo_periodo", "plantillas")
                       and getattr(parte, f.name)]
    return salida


def _existe(modulo: str) -> bool:
    """Si el módulo existe, sin importarlo (registrar una familia no paga lo que importan sus partes)."""
    import sys

    try:
        return modulo in sys.modules or find_spec(modulo) is not None
    except (ImportError, ValueError):
        return False


def _errores_de_partes(nombre: str, paquete: str, partes: dict) -> list[str]:
    errores = []
    for clave, valor in partes.items():
        if clave in PARTES:
            if not isinstance(valor, PARTES[clave]):
                errores.append(f"«{clave}» debe ser {PARTES[clave].__name__}, no {type(valor).__name__}")
        elif clave in RETIRADAS:
            errores.append(f"«{clave}» ya no es parte de una familia: use {RETIRADAS[clave]}")
        else:
            errores.append(f"«{clave}» no es parte de una familia; las partes son: {', '.join(PARTES)}")
    for donde, ref in _referencias({k: v for k, v in partes.items() if k in PARTES and isinstance(v, PARTES[k])}):
        modulo, dos_puntos, atributo = ref.partition(":")
        if not dos_puntos or not modulo or not atributo.isidentifier():
            errores.append(f"{donde} = «{ref}» no tiene la forma «módulo:nombre»")
        elif paquete and not _existe(f"{paquete}.{modulo}"):
            errores.append(f"{donde} = «{ref}»: no hay un módulo «{modulo}» en {paquete}")
    return errores


def _errores_de_clase(familia: Familia) -> list[str]:
    """Un gancho escrito como método de una subclase: el contrato de antes. Cada uno, con su reemplazo."""
    errores = []
    for clase in type(familia).__mro__:
        if clase is Familia:
            break
        for miembro in vars(clase):
            if miembro.startswith("__"):
                continue
            if miembro in RETIRADAS:
                errores.append(f"el método «{miembro}» ya no es un gancho de una familia: use {RETIRADAS[miembro]}")
            else:
                errores.append(f"«{miembro}» no es parte de una familia; las partes son: {', '.join(PARTES)}")
    return errores


FORMA_DE_FIGURA = ("dibujar", "datos", "hay_datos", "describir")  # los campos de `figuras.Figura`


def comprobar_figuras(nombre: str, figuras) -> dict:
    """Las figuras de una familia, o FamiliaInvalida si una no es `figuras.Figura` (una tupla rompería compilar)."""
    if not isinstance(figuras, dict):
        raise FamiliaInvalida(f"la familia {nombre}: sus figuras deben ser un dict clave → figuras.Figura")
    for clave, figura in figuras.items():
        # por su forma: importar `figuras` desde aquí cerraría un ciclo (figuras → convertir → familias)
        if getattr(figura, "_fields", None) != FORMA_DE_FIGURA or not all(callable(f) for f in figura):
            raise FamiliaInvalida(f"la familia {nombre}: la figura «{clave}» es {type(figura).__name__}; "
                                  "debe ser figuras.Figura(dibujar, datos, hay_datos, describir), con funciones")
    return figuras


def comprobar_reglas(nombre: str, registro):
    """El registro de reglas de una familia, o FamiliaInvalida si no es un `reglas.Registro` de `Regla`s."""
    from .reglas import Regla, Registro

    if not isinstance(registro, Registro):
        raise FamiliaInvalida(f"la familia {nombre}: sus reglas deben ser un reglas.Registro, no "
                              f"{type(registro).__name__} (cada regla, una función con @REGLAS.regla)")
    malas = [r for r in registro.reglas.values() if not isinstance(r, Regla) or not callable(r.revisar)]
    if malas:
        raise FamiliaInvalida(f"la familia {nombre}: «{getattr(malas[0], 'id', malas[0])}» no es una regla "
                              "registrada con @REGLAS.regla")
    return registro


# ---------------------------------------------------------------- la familia: sus partes y lo que el núcleo usa

class Familia:
    """Una familia: su nombre y sus partes, cada una opcional, declaradas con palabras clave en el módulo que
    la declara (`FAMILIA = Familia("vmre", paquete=__name__, archivos=Archivos(...), ...)`). Las partes son las
    de `PARTES`; una que no está (o una de `RETIRADAS`) es un error al registrarla. No se hereda: lo que
    una familia cambia es una parte, nunca un método. Los métodos de aquí son lo que el núcleo llama, con
    lo común cuando la familia no declara la parte."""

    def __init__(self, nombre: str, descripcion: str = "", *, paquete: str, ejemplo: str = "",
                 alteracion: tuple[str, str, str, str] = ("", "", "", ""), **partes):
        from .problemas import registrar

        self.nombre, self.descripcion, self.paquete = nombre, descripcion, paquete
        # El contrato que prueba tests/test_contrato.py para cada familia del REGISTRO: su carpeta de ejemplo
        # (ruta desde la raíz del proyecto), que valida sin errores y compila; y una celda alterada en ella
        # (archivo dentro del ejemplo, texto, reemplazo, código que la regla debe dar), que validar atrapa.
        self.ejemplo, self.alteracion = ejemplo, alteracion
        self.errores = _errores_de_partes(nombre, paquete, partes)
        valida = lambda k: k in PARTES and isinstance(partes[k], PARTES[k])  # noqa: E731
        self.partes = {k: v for k, v in partes.items() if valida(k)}
        self.archivos: Archivos = self.partes.get("archivos", Archivos())
        self.informe: Informe | None = self.partes.get("informe")
        self.comparacion: Comparacion | None = self.partes.get("comparacion")
        self._ordenes: Ordenes = self.partes.get("ordenes", Ordenes())
        self._valores_comprobados = False
        if self.partes.get("codigos"):  # antes que sus reglas: @REGLAS.regla exige códigos registrados
            registrar(self.partes["codigos"], nombre)

    def __repr__(self) -> str:
        return f"Familia({self.nombre!r})"

    def comprobar(self, valores: bool = True) -> Familia:
        """La familia, si cumple el contrato; si no, FamiliaInvalida con cada error y su reemplazo.

        Con `valores`, también lo que nombran sus partes de datos, importándolo una vez: sus figuras
        (`Informe.figuras`, cada una `figuras.Figura`) y sus reglas (un `reglas.Registro`). Así una tupla en
        FIGURAS es un error al registrarla y no al compilar. Las órdenes que usan datos lo piden (`familia()`);
        el arranque (`--help`) no: importaría las reglas, y con ellas el modelo y los catálogos de la familia
        (ninguno importa matplotlib: las figuras lo importan solo al dibujar)."""
        errores = self.errores + _errores_de_clase(self)
        if errores:
            raise FamiliaInvalida(f"la familia {self.nombre} no cumple el contrato (docs/familias.md): "
                                  + "; ".join(errores))
        if valores and not self._valores_comprobados:
            for parte, leer in (("informe.figuras", lambda: self.figuras), ("reglas", lambda: self.reglas)):
                try:
                    leer()
                except AttributeError:  # «módulo:nombre» con un módulo que existe y no define el nombre
                    referencia = self.informe.figuras if parte == "informe.figuras" else self.partes["reglas"]
                    modulo, _, nombre = referencia.partition(":")
                    raise FamiliaInvalida(f"la familia {self.nombre}: {parte} = «{referencia}»: el módulo "
                                          f"{self.paquete}.{modulo} no define «{nombre}»") from None
            self._valores_comprobados = True
        return self

    def pieza(self, referencia: str):
        """La función o el valor que nombra «módulo:nombre» en el paquete de la familia, importado ahora."""
        modulo, _, atributo = referencia.partition(":")
        return getattr(import_module(f"{self.paquete}.{modulo}"), atributo)

    def _de(self, parte, campo: str):
        referencia = getattr(parte, campo, "") if parte is not None else ""
        return self.pieza(referencia) if referencia else None

    # ---- leer
    @property
    def extensiones(self) -> tuple[str, ...]:
        return self.archivos.extensiones

    @property
    def tablas(self) -> dict:
        return self.archivos.tablas

    @property
    def tipo_periodo(self) -> str | None:
        return self.archivos.tipo_periodo

    @property
    def clases(self) -> tuple[type, ...]:
        """Su modelo: lo único que la caché puede reconstruir (por omisión, lo que la lectura por omisión da)."""
        modelo = self._de(self.archivos, "modelo")
        if modelo is not None:
            return tuple(modelo)
        from .proceso import Proceso
        from .tablas_csv import FilaCsv, TablaCsv

        return (Proceso, TablaCsv, FilaCsv)

    @property
    def filas_cache(self) -> dict:
        """Clases grandes que la caché guarda como filas posicionales."""
        funcion = self._de(self.archivos, "filas_cache")
        return funcion() if funcion is not None else {}

    def contexto(self, datos: Path | None) -> object:
        """Lo que la lectura de los archivos de `datos` necesita además de sus bytes (la familia de
        seguridad: sus catálogos con los alias de proceso.yaml). Si tiene `firma()`, entra en la huella
        de la caché. Es un valor que se pasa, nunca estado global."""
        funcion = self._de(self.archivos, "contexto")
        return funcion(datos) if funcion is not None else None

    def contexto_de_validacion(self, archivos: list[Path], datos: Path | None) -> object:
        """El contexto con que se leen `archivos` (por omisión, el de `datos`)."""
        funcion = self._de(self.archivos, "contexto_de_validacion")
        return funcion(archivos, datos) if funcion is not None else self.contexto(datos)

    def tipo_de_archivo(self, ruta: Path) -> str:
        """El tipo de un archivo por su nombre: «proceso» para proceso.yaml, el de su tabla para un CSV de
        `tablas`, «desconocido» para lo demás."""
        funcion = self._de(self.archivos, "tipo")
        if funcion is not None:
            return funcion(ruta)
        nombre = ruta.name.lower()
        if nombre in ("proceso.yaml", "proceso.yml"):
            return "proceso"
        return next((tipo for tipo, esquema in self.tablas.items() if esquema.archivo == nombre), "desconocido")

    def cargar_bytes(self, datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None):
        """Los bytes de un archivo → `cargar.Carga` (registro del modelo y problemas con línea y columna)."""
        funcion = self._de(self.archivos, "lector")
        if funcion is not None:
            return funcion(datos, ruta, nombre, tipo, contexto)
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

    # ---- periodos
    def archivos_de_periodo(self, datos: Path, periodo: str) -> list[Path]:
        """Los archivos de un periodo: por omisión, los de `<datos>/<periodo>/` con una de `extensiones`
        (sin los ocultos; las subcarpetas, como `textos/`, no)."""
        funcion = self._de(self.archivos, "archivos_de_periodo")
        if funcion is not None:
            return funcion(datos, periodo)
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
        funcion = self._de(self.archivos, "numero_de_periodo")
        return funcion(datos, periodo) if funcion is not None else None

    def resolver_periodo(self, datos: Path, periodo: str) -> str:
        """El id AAAA-MM de un periodo escrito como lo escribe una persona (`almacen.resolver_periodo`),
        también por el número del informe si la familia los numera."""
        from .almacen import resolver_periodo

        return resolver_periodo(datos, periodo, lambda pid: self.numero_de_periodo(datos, pid))

    # ---- validar
    @property
    def reglas(self):
        """Su `reglas.Registro` (las reglas que cruzan archivos, que corren después de las del núcleo), o None."""
        referencia = self.partes.get("reglas")
        return comprobar_reglas(self.nombre, self.pieza(referencia)) if referencia else None

    @property
    def ranuras(self) -> dict[str, str]:
        """Ranura → dónde aparece en el informe (docs/textos.md): los textos del analista que la familia acepta."""
        return self._de(self.informe, "ranuras") or {}

    def forma_textos(self, lectura=None) -> dict | None:
        """Lo que un texto puede citar (`textos.revisar`): validar revisa cada cifra sin calcularla. Sin la
        parte, None: solo las variables de primer nivel. `lectura`: el contexto con que se leyeron los
        archivos (en seguridad, los catálogos del proceso)."""
        funcion = self._de(self.informe, "forma_textos")
        return funcion(lectura) if funcion is not None else None

    # ---- el informe
    @property
    def plantillas(self) -> Path:
        """La raíz de sus plantillas (informe.md.j2): por omisión `plantillas/<nombre>/` del paquete."""
        from .renderizar import PLANTILLAS_PAQUETE

        carpeta = self.informe.plantillas if self.informe is not None else ""
        return carpeta if isinstance(carpeta, Path) else (PLANTILLAS_PAQUETE / (carpeta or self.nombre))

    @property
    def figuras(self) -> dict:
        """clave → figuras.Figura (dibujar, datos del resumen, hay datos, texto alternativo); sin figuras, {}."""
        return comprobar_figuras(self.nombre, self._de(self.informe, "figuras") or {})

    def preparar(self, datos: Path, periodo: str, cargas: dict) -> Preparado:
        """El periodo agregado: su `Resumen`, el `Contexto` de sus plantillas y la redacción del analista."""
        if self.informe is None:
            raise ErrorDeUso(f"la familia {self.nombre} no compila informes")
        return self.pieza(self.informe.preparar)(self, datos, periodo, cargas)

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
        """`informe resumen` en la terminal; sin una parte que lo muestre, sus cifras como JSON."""
        funcion = self._de(self.informe, "resumen")
        if funcion is not None:
            return funcion(resumen, consola)
        import io

        from .mostrar import escribir_json

        texto = io.StringIO()
        escribir_json(resumen.como_json(), texto)
        consola.print_json(texto.getvalue())

    def describir_faltantes(self, faltantes: list[tuple[str, str]], periodo: str, datos: Path) -> tuple[str, str | None]:
        """Lo que `compilar` dice cuando faltan entregas (`Preparado.faltantes`): qué falta, en oraciones, y
        la orden que lo detalla (o None)."""
        funcion = self._de(self.informe, "faltantes")
        if funcion is not None:
            return funcion(faltantes, periodo, datos)
        from .lengua import plural

        n = len(faltantes)
        return f"{n} {plural(n, 'entrega')} sin recibir en {periodo}: {', '.join(q for q, _ in faltantes)}.", None

    # ---- entre periodos (`informe diff`)
    def comparar(self, datos: Path, datos_desde: Path, desde: str, hasta: str, cargas: dict,
                 entidades: list[str] = (), **opciones) -> dict:
        """`opciones`: las que la familia agrega a `informe diff` (`Ordenes.registrar`)."""
        if self.comparacion is None:
            raise ErrorDeUso(f"la familia {self.nombre} no compara periodos")
        return self.pieza(self.comparacion.comparar)(self, datos, datos_desde, desde, hasta, cargas,
                                                     list(entidades), **opciones)

    def mostrar_diff(self, resultado: dict, formato: str, consola) -> None:
        """`formato`: texto, md o csv (el JSON lo escribe el núcleo)."""
        import sys

        if formato == "csv":
            sys.stdout.write(self.diff_csv(resultado))
        elif formato == "md":
            sys.stdout.write(self.diff_markdown(resultado))
        else:
            self.diff_rich(resultado, consola)

    def diff_csv(self, resultado: dict) -> str:
        funcion = self._de(self.comparacion, "csv")
        if funcion is None:
            raise ErrorDeUso(f"la familia {self.nombre} no escribe el diff en CSV; use --formato md o json")
        return funcion(resultado)

    def diff_markdown(self, resultado: dict) -> str:
        funcion = self._de(self.comparacion, "markdown")
        if funcion is None:
            raise ErrorDeUso(f"la familia {self.nombre} no escribe el diff en Markdown; use --formato json")
        return funcion(resultado)

    def diff_rich(self, resultado: dict, consola) -> None:
        """En la terminal; sin una parte propia, el Markdown de `diff_markdown` tal cual."""
        funcion = self._de(self.comparacion, "terminal")
        if funcion is None:
            consola.print(self.diff_markdown(resultado), markup=False, end="")
            return
        funcion(resultado, consola)

    def perdida(self, resultado: dict) -> str | None:
        """Si la comparación muestra datos que se perdieron entre los dos periodos, el mensaje; si no, None."""
        funcion = self._de(self.comparacion, "perdida")
        return funcion(resultado) if funcion is not None else None

    # ---- la línea de órdenes
    def ordenes(self, app) -> None:
        """Las órdenes propias de la familia y sus opciones en las genéricas (`Ordenes.registrar`). Corre en
        cada arranque, también para `--help`: su módulo no importa nada pesado."""
        funcion = self._de(self._ordenes, "registrar")
        if funcion is not None:
            funcion(app)

    def importar(self, ruta: Path, datos: Path, periodo: str, reemplazar: bool = False, **opciones):
        """`informe importar` en una carpeta de esta familia: [(archivo, archivos.Guardado, filas)] y avisos.
        `opciones`: las que la familia agrega a la orden."""
        funcion = self._de(self._ordenes, "importar")
        if funcion is None:
            raise ErrorDeUso(f"la familia {self.nombre} no importa archivos")
        return funcion(ruta, datos, periodo, reemplazar=reemplazar, **opciones)

    def mostrar_importacion(self, resultado, titulo: str, consola) -> bool:
        """Lo que `importar` devolvió, en la terminal; True si algo no se importó (la orden sale con 1)."""
        funcion = self._de(self._ordenes, "mostrar_importacion")
        if funcion is not None:
            return funcion(resultado, titulo, consola)
        from .mostrar import importacion_texto

        return importacion_texto(*resultado, titulo, consola)


def _cargar_tabla(datos: bytes, nombre: str, tipo: str, esquema):
    from .cargar import Carga
    from .tablas_csv import leer
    from .yaml_seguro import decodificar

    texto, problemas = decodificar(datos, nombre)
    if texto is None:
        return Carga(nombre, tipo, None, problemas)
    tabla, mas = leer(texto, nombre, esquema)
    return Carga(nombre, tipo, tabla, problemas + mas)


def delta(ahora: int | None, antes: int | None) -> dict:
    """Una cifra en dos periodos y su cambio (None si falta alguna): la celda de un `diff`."""
    return {"antes": antes, "ahora": ahora, "cambio": None if ahora is None or antes is None else ahora - antes}


def familia(nombre: str, valores: bool = True) -> Familia:
    """La familia registrada con ese nombre, comprobada (`Familia.comprobar`; `valores=False` solo para el
    arranque, que no importa sus reglas ni sus figuras)."""
    if nombre not in REGISTRO:
        from .lengua import parecido

        cercana = parecido(nombre, list(REGISTRO))
        raise ErrorDeUso(f"no hay una familia de informe «{nombre}»"
                         + (f"; ¿quiso decir «{cercana}»?" if cercana else f"; hay: {', '.join(REGISTRO)}"))
    declarada = getattr(import_module(REGISTRO[nombre]), "FAMILIA", None)
    if not isinstance(declarada, Familia):
        raise FamiliaInvalida(f"{REGISTRO[nombre]} no declara FAMILIA = familias.Familia(…) (docs/familias.md)")
    return declarada.comprobar(valores)


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
