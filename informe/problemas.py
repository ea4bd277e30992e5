"""Los problemas de validación son valores, no excepciones.

Cada código es estable: las JLE y los scripts de la DEOE dependen de él. Añadir
códigos está bien; cambiar el significado de uno existente, no.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
ADVERTENCIA = "advertencia"

# código → (severidad, qué significa): los del núcleo (lectura de cualquier archivo, textos del analista);
# cada familia registra los suyos al importarse (`registrar`). Se documentan en docs/validacion.md.
CODIGOS: dict[str, tuple[str, str]] = {
    "archivo-ilegible": (ERROR, "El archivo no existe o no se puede leer."),
    "archivo-enlace": (ERROR, "El envío es un enlace simbólico: no se sigue ni se copia su destino."),
    "archivo-fifo": (ERROR, "El envío es una tubería con nombre (FIFO): no se abre."),
    "archivo-dispositivo": (ERROR, "El envío es un dispositivo o un socket, no un archivo: no se lee."),
    "archivo-grande": (ERROR, "El archivo excede el tamaño máximo admitido."),
    "archivo-no-yaml": (ERROR, "El archivo es un documento de otro tipo (Word, Excel, PDF, ZIP), no el YAML de la plantilla."),
    "archivo-binario": (ERROR, "El archivo contiene bytes nulos: no es texto."),
    "archivo-codificacion": (ERROR, "El archivo no está en UTF-8."),
    "archivo-vacio": (ERROR, "El archivo no tiene contenido."),
    "archivo-desconocido": (ERROR, "Un archivo de la carpeta de un periodo no es de ninguno de los tipos que lee su familia."),
    "yaml-sintaxis": (ERROR, "El YAML no es válido en esa posición."),
    "yaml-tabulador": (ERROR, "Se usó un tabulador para sangrar; YAML solo admite espacios."),
    "yaml-multiple": (ERROR, "El archivo contiene más de un documento YAML."),
    "yaml-alias": (ERROR, "Anclas y alias de YAML (&, *) no se admiten."),
    "yaml-etiqueta": (ERROR, "Etiquetas de YAML (!!python/…, !x) no se admiten."),
    "yaml-anidamiento": (ERROR, "La estructura está anidada en exceso."),
    "yaml-ambiguo": (ERROR, "Valor que YAML 1.1 reinterpretaría (no → falso, 10:30 → 630)."),
    "raiz-no-mapa": (ERROR, "El documento debe ser un mapa de claves y valores."),
    "clave-desconocida": (ERROR, "Clave que el formato no reconoce."),
    "clave-duplicada": (ERROR, "La misma clave aparece dos veces en un mapa."),
    "campo-requerido": (ERROR, "Falta un campo obligatorio."),
    "tipo-invalido": (ERROR, "El valor no es del tipo esperado."),
    "texto-largo": (ERROR, "Un texto excede la longitud máxima admitida."),
    "texto-palabra-larga": (ERROR, "Un texto trae una palabra de cientos de caracteres sin espacios: ensancharía su tabla y el PDF tardaría minutos."),
    "descripcion-vacia": (ERROR, "Una descripción está vacía."),
    "fecha-invalida": (ERROR, "La fecha no existe o no tiene el formato AAAA-MM-DD."),
    "periodo-rango": (ERROR, "El inicio del periodo es posterior a su fin."),
    "numero-invalido": (ERROR, "Un número no es un entero no negativo."),
    "texto-ruta": (ERROR, "Un texto del informe está fuera de la carpeta de datos, no existe o es un enlace que sale de ella."),
    "texto-ranura": (ERROR, "El texto se destina a un lugar del informe que no existe."),
    "texto-plantilla": (ERROR, "El texto tiene un error de sintaxis de plantilla o usa algo que no se permite."),
    "texto-variable": (ERROR, "El texto cita una cifra o variable que no existe."),
    "texto-crudo": (ERROR, "El texto trae un bloque o atributo crudo ({=openxml}, {=typst}) o HTML, que pasaría sin revisar a la salida."),
    "texto-imagen": (ERROR, "Una imagen del texto no está dentro de la carpeta del periodo, no existe, es un enlace, no es PNG o JPEG (o está dañada), mide demasiados píxeles, o es una dirección de red."),
    "texto-limite": (ERROR, "Al componer, el texto pasa un límite de trabajo (vueltas de ciclo, largo de un texto, tamaño de un número o de la salida)."),
    "texto-anidado": (ERROR, "Una línea del texto abre demasiadas citas («>») o listas, una dentro de otra: el PDF no se podría componer."),
    "texto-imagen-sin-alt": (ERROR, "Una imagen del texto no tiene texto alternativo (lo que dice un lector de pantalla; el PDF accesible lo exige)."),
    "texto-sin-glifo": (ERROR, "Un texto trae un carácter que la letra del informe no tiene (un emoji, un ideograma, un control): el PDF no se puede escribir."),
    "texto-cifra-literal": (ADVERTENCIA, "El texto escribe a mano un número que es una cifra del periodo: si los datos se corrigen, el texto queda con la cifra vieja; conviene citarla (`{{ r.… }}`)."),
    "texto-cifra-distinta": (ERROR, "El texto escribe junto al nombre de una cifra («88 reuniones») un número distinto del que dan los datos del periodo."),
    "texto-escritura": (ADVERTENCIA, "El texto trae caracteres ajenos a un informe en español (otra escritura, controles, marcas de dirección)."),
    "mapa-largo": (ERROR, "Un mapa o una lista de proceso.yaml (alias, severidades, siglas) tiene más entradas de las admitidas."),
    "nombre-invalido": (ERROR, "Un nombre de proceso.yaml (un alias, un estatus, una sigla) es demasiado largo o lleva un carácter que no se ve, que se confunde con otro o que la letra del informe no tiene."),
    "severidad-codigo": (ERROR, "`proceso.yaml → severidades` nombra un código de problema que no existe."),
    "severidad-invalida": (ERROR, "Una severidad de `proceso.yaml → severidades` no es «error» ni «advertencia»."),
    "severidad-fija": (ERROR, "`proceso.yaml → severidades` baja a advertencia un código que debe seguir siendo error."),
}

NUCLEO, TABLAS = "núcleo", "tablas"  # los grupos del núcleo: sus códigos y los del lector de tablas CSV
# código → quién lo registró: el núcleo, el lector de tablas o una familia (docs/validacion.md los agrupa así,
# y `proceso.yaml → severidades` solo admite los del núcleo y los de su familia)
GRUPOS: dict[str, str] = dict.fromkeys(CODIGOS, NUCLEO)


# Las advertencias que `compilar` muestra una por una, no solo en la cuenta: las que dicen que el informe usa
# otro dato que el último que llegó (una familia las agrega al registrar sus códigos)
AVISAR_AL_COMPILAR: set[str] = set()


def registrar(codigos: dict[str, tuple[str, str]], grupo: str) -> None:
    """Los códigos propios de una familia (`grupo`: su nombre), registrados al importarla. Un código ya
    registrado con otro significado o por otro grupo es un error de programación, no de los datos."""
    for codigo, valor in codigos.items():
        if CODIGOS.setdefault(codigo, valor) != valor or GRUPOS.setdefault(codigo, grupo) != grupo:
            raise ValueError(f"código de problema registrado dos veces con otro significado: {codigo}")


@dataclass(frozen=True, slots=True)
class Problema:
    archivo: str
    linea: int | None
    columna: int | None
    codigo: str
    severidad: str
    mensaje: str
    sugerencia: str | None = None
    ajuste: str | None = None  # dónde cambió el proceso su severidad («datos/proceso.yaml:12»), si la cambió

    def como_dict(self) -> dict:
        datos = asdict(self)
        if self.ajuste is None:  # la forma de siempre cuando el proceso no cambia nada
            del datos["ajuste"]
        return datos

    def ubicacion(self) -> str:
        partes = [self.archivo]
        if self.linea is not None:
            partes.append(str(self.linea))
            if self.columna is not None:
                partes.append(str(self.columna))
        return ":".join(partes)


@dataclass(slots=True)
class Carga:
    """Un archivo leído: el registro tipado que su familia interpretó (None si no se pudo) y sus problemas.

    Vive aquí, junto a `Problema`, porque la leen por igual quien carga (`cargar`) y la caché, que la
    reconstruye desde su lista cerrada de clases."""
    archivo: str
    tipo: str  # el tipo de archivo según su familia («jle», «periodo», «solicitudes»…)
    registro: object | None
    problemas: list[Problema]


def problema(archivo: str, linea: int | None, columna: int | None, codigo: str,
             mensaje: str, sugerencia: str | None = None, severidad: str | None = None) -> Problema:
    """Crea un problema con la severidad que el catálogo asigna a su código."""
    return Problema(archivo, linea, columna, codigo, severidad or CODIGOS[codigo][0], mensaje, sugerencia)


def orden(p: Problema) -> tuple:
    return (p.archivo, p.linea or 0, p.columna or 0, p.codigo, p.mensaje)


def cuenta(problemas: list[Problema]) -> tuple[int, int]:
    errores = sum(1 for p in problemas if p.severidad == ERROR)
    return errores, len(problemas) - errores
