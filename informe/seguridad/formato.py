"""El formato del archivo de una JLE, escrito una sola vez.

De esta especificación salen las claves (y cuáles son obligatorias) que la lectura admite en cada
mapa, el JSON Schema que el editor usa mientras la JLE escribe (`esquema.py`), el orden en que el
serializador escribe las claves (`serializar.py`) y los comentarios «Cómo llenarlo» de la plantilla
(`formulario.py`). Agregar un campo aquí lo agrega a los cuatro; `tests/test_esquema.py` comprueba
que coinciden.

Un campo de un acuerdo que solo se declara aquí (no es uno de `NUCLEO_DE_ACUERDO`, que el código lee por
su nombre) llega además, con su `etiqueta`, a cada salida: la lectura lo guarda en `Acuerdo.propios`, y
lo escriben el serializador, el anexo del informe (md, docx, pdf, html), `informe acuerdos` (terminal, csv,
json, xlsx), `informe diff` (json, csv, md, terminal) y el formulario web de la JLE (`formulario_web.py`, que
lo muestra, lo revisa con su `maximo` y lo guarda). Agregar `responsable` es una línea en `ACUERDO`
(tests/test_campo_declarado.py).

Los atributos del modelo (`modelo.py`) se llaman como los campos: el serializador los toma por nombre.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import catalogos as cat

# tipo → qué valor lleva. Los de catálogo se comparan sin mayúsculas ni acentos (`catalogos.normalizar`).
TIPOS = ("texto", "fecha", "fecha-o-null", "entero", "entidad", "periodo", "id", "id-ref",
         "estatus", "modalidad", "tema", "mapa", "lista")


def catalogos(c: "cat.Catalogos | None" = None) -> dict[str, tuple[tuple[str, ...], dict[str, str], str]]:
    """Tipo de catálogo → (valores canónicos, alias, cómo lo nombra un mensaje), de los registros de
    `catalogos.py` y lo que el proceso agrega (`c`): el esquema los acepta todos y la plantilla muestra los
    canónicos. La descripción de un campo de catálogo dice «{opciones}» donde van sus valores."""
    c = c or cat.BASE
    return {
        "estatus": (c.nombres(), c.alias_estatus(), "El estatus"),
        "modalidad": (cat.modalidades(), cat.alias_de(cat.MODALIDADES_REGISTROS), "La modalidad"),
        "tema": (cat.tipos_tema(), cat.alias_de(cat.TIPOS_TEMA_REGISTROS), "El tipo de tema"),
    }


@dataclass(frozen=True)
class Campo:
    nombre: str
    tipo: str
    descripcion: str  # lo que el editor muestra al pasar sobre la clave (JSON Schema)
    requerido: bool = False
    campos: tuple["Campo", ...] = ()  # los de un mapa, o los de cada elemento de una lista
    elemento: str = ""  # qué es cada elemento de una lista (descripción del esquema)
    nula: bool = True  # una lista que puede quedar en null (`reuniones:` sin elementos)
    ayuda: str = ""  # lo que dice la plantilla en «Cómo llenarlo»; sin ayuda, el campo no se menciona
    sugerir: bool = True  # False: el editor no lo ofrece (el id lo asigna la DEOE)
    etiqueta: str = ""  # su encabezado en una tabla (anexo, `informe acuerdos`); sin ella, su nombre
    maximo: int | None = None  # un texto: cuántos caracteres admite; un entero: su valor más alto

    def __post_init__(self):
        assert self.tipo in TIPOS, self.tipo

    def claves(self) -> dict[str, bool]:
        """Las claves admitidas en el mapa de este campo y si son obligatorias (lo que pide `Lector.mapa`).
        Se calcula una vez por campo: se pide por cada elemento de cada lista (150 000 en un archivo hostil)."""
        return _claves(self)

    def campo(self, ruta: str) -> "Campo":
        """El subcampo en `ruta` («reuniones.temas»)."""
        actual = self
        for nombre in ruta.split("."):
            actual = next(c for c in actual.campos if c.nombre == nombre)
        return actual


_CLAVES: dict[int, tuple[Campo, dict[str, bool]]] = {}


def _claves(campo: Campo) -> dict[str, bool]:
    # por identidad, no por valor: el hash de un Campo congelado recorre todos sus subcampos
    guardado = _CLAVES.get(id(campo))
    if guardado is None or guardado[0] is not campo:
        guardado = _CLAVES[id(campo)] = (campo, {c.nombre: c.requerido for c in campo.campos})
    return guardado[1]


_ESTATUS = "Estatus: {opciones}."

TEMA = Campo("tema", "mapa", "Un tema tratado en la reunión.", campos=(
    Campo("tipo", "tema", "Tipo de tema: {opciones}.", requerido=True),
    Campo("descripcion", "texto", "De qué se trató, en una o dos oraciones."),
))

REUNION = Campo("reunion", "mapa", "Una reunión de la Mesa de Coordinación en el periodo.", campos=(
    Campo("fecha", "fecha", "Fecha de la reunión (AAAA-MM-DD), dentro del periodo que se informa.", requerido=True),
    Campo("modalidad", "modalidad", "Modalidad: {opciones}."),
    Campo("asistentes", "entero", "Número de personas asistentes."),
    Campo("temas", "lista", "Temas tratados; cada uno con su tipo.", campos=TEMA.campos, elemento=TEMA.descripcion,
          nula=False),
))

ACUERDO = Campo("acuerdo", "mapa", "Un acuerdo tomado en el periodo.", campos=(
    Campo("id", "id", "Identificador que asigna la DEOE al recibir el archivo; no lo escriba a mano.", sugerir=False),
    Campo("descripcion", "texto", "El acuerdo, como se tomó en la mesa.", requerido=True),
    Campo("estatus", "estatus", _ESTATUS),
    # Lo que la fuente publicada escribió en la columna Estatus cuando no es un estatus del catálogo («Se
    # informa»): el anexo lo imprime tal cual y la cifra lo cuenta sin estatus. Solo lo captura la DEOE.
    Campo("estatus_publicado", "texto", "Palabra de estatus que publicó la fuente y que no está en el catálogo; "
          "la captura la DEOE.", sugerir=False),
    Campo("fecha", "fecha", "Fecha en que se tomó el acuerdo (opcional)."),
))

SEGUIMIENTO = Campo("seguimiento", "mapa", "Nuevo estatus de un acuerdo de un periodo anterior.", campos=(
    Campo("acuerdo", "id-ref", "Identificador del acuerdo de un periodo anterior (viene en la plantilla).",
          requerido=True),
    Campo("estatus", "estatus", _ESTATUS, requerido=True),
))

MEDIDA = Campo("medida", "mapa", "Una medida adicional de seguridad.", campos=(
    Campo("descripcion", "texto", "La medida adicional de seguridad acordada con el OPL.", requerido=True),
    Campo("estatus", "estatus", _ESTATUS),
    # Lo que la fuente publicada escribió en la columna Estatus cuando no es un estatus del catálogo («Se
    # informa»): el anexo lo imprime tal cual y la cifra lo cuenta sin estatus. Solo lo captura la DEOE.
    Campo("estatus_publicado", "texto", "Palabra de estatus que publicó la fuente y que no está en el catálogo; "
          "la captura la DEOE.", sugerir=False),
))

MESA = Campo("mesa", "mapa", "La incorporación de la JLE a la Mesa de Coordinación de su entidad.", campos=(
    Campo("instalada", "fecha-o-null",
          "Fecha en que la JLE se incorporó a la Mesa de Coordinación; null si aún no se incorpora.", requerido=True),
), ayuda="mesa.instalada: fecha en que la JLE se incorporó a la Mesa de Coordinación (AAAA-MM-DD); null si "
         "aún no se incorpora. Si la sección se deja comentada, vale lo último que la JLE reportó.")

# Los campos de un acuerdo que el código lee por su nombre (con su propio modelo y sus reglas); los demás de
# `ACUERDO` son propios: se leen por su tipo y llegan a cada salida por su declaración.
# estatus_publicado es del modelo (la celda del anexo lo imprime en lugar del estatus), no una columna más
NUCLEO_DE_ACUERDO = ("id", "descripcion", "estatus", "estatus_publicado", "fecha")
PROPIOS_TIPOS = ("texto", "fecha", "entero")  # los tipos que un campo propio puede tener


def campos_de_acuerdo() -> tuple[Campo, ...]:
    """Los campos de un acuerdo, en su orden, con su tipo, descripción, ayuda, etiqueta y límites: lo que
    leen el esquema, la plantilla, la lectura y las salidas (y un formulario que quiera pedirlos)."""
    return ACUERDO.campos


def campos_propios() -> tuple[Campo, ...]:
    """Los campos de un acuerdo declarados solo aquí: viajan en `Acuerdo.propios` a cada salida."""
    return tuple(c for c in ACUERDO.campos if c.nombre not in NUCLEO_DE_ACUERDO)


JLE = Campo("jle", "mapa", "Informe mensual de la JLE: mesa, reuniones, acuerdos, seguimiento y medidas.", campos=(
    Campo("entidad", "entidad", "Entidad federativa de la JLE (viene en la plantilla; no la cambie).", requerido=True,
          ayuda="No cambie «entidad» ni «periodo»."),
    Campo("periodo", "periodo", "Mes en que se presenta el informe, AAAA-MM (viene en la plantilla; no lo cambie).",
          requerido=True),
    MESA,
    Campo("reuniones", "lista", "Reuniones del periodo. Sin esta clave, la JLE no las reporta; [] = no hubo reuniones.",
          campos=REUNION.campos, elemento=REUNION.descripcion,
          ayuda="quite el «#» de la sección y agregue una entrada por reunión del periodo. Si la sección se deja "
                "comentada, el informe dirá que la JLE no reportó sus reuniones; escriba «reuniones: []» si no hubo."),
    Campo("acuerdos", "lista", "Acuerdos tomados en el periodo; [] si no hubo.", campos=ACUERDO.campos,
          elemento=ACUERDO.descripcion,
          ayuda="los acuerdos tomados en el periodo. No escriba identificadores: la DEOE los asigna al recibir el "
                "archivo."),
    Campo("seguimiento", "lista", "Acuerdos de periodos anteriores que siguen abiertos, con su estatus.",
          campos=SEGUIMIENTO.campos, elemento=SEGUIMIENTO.descripcion,
          ayuda="los acuerdos de periodos anteriores que siguen abiertos. Cambie solo el estatus de los que "
                "avanzaron; deje los demás como están."),
    Campo("medidas", "lista", "Medidas adicionales de seguridad acordadas con el OPL.", campos=MEDIDA.campos,
          elemento=MEDIDA.descripcion, ayuda="medidas adicionales de seguridad acordadas con el OPL."),
))
