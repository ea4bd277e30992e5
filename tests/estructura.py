"""Medidas de la forma del código de `informe/`, leídas del AST (sin importar nada del paquete).

- `ciclos()`: ciclos de importación entre módulos del paquete, contando también las importaciones
  dentro de funciones (una importación perezosa sigue siendo una dependencia: solo cambia cuándo se paga).
- `funciones()`: cada función con sus líneas y su complejidad ciclomática (1 + puntos de decisión: if,
  elif, for, while, except, expresión condicional, comprensión y cada `if` de ella, assert, cada operando
  extra de and/or, cada caso de match). Una función anidada se mide aparte y no suma a la que la contiene.
- `nombres_ajenos()`: nombres con guion bajo de un módulo del paquete usados desde otro
  (`from .x import _y` o `modulo._y`), que son la interfaz privada de su módulo.

Lo usa tests/test_estructura.py; también se corre solo: `python tests/estructura.py` imprime las cifras.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PAQUETE = "informe"


def modulos(raiz: Path = RAIZ) -> dict[str, Path]:
    res = {}
    for ruta in sorted((raiz / PAQUETE).rglob("*.py")):
        partes = list(ruta.relative_to(raiz).with_suffix("").parts)
        if partes[-1] == "__init__":
            partes.pop()
        res[".".join(partes)] = ruta
    return res


def _base(modulo: str, ruta: Path, nivel: int) -> list[str]:
    partes = modulo.split(".") if ruta.name == "__init__.py" else modulo.split(".")[:-1]
    return partes[: len(partes) - (nivel - 1)] if nivel else []


def importaciones(mods: dict[str, Path]) -> dict[str, dict[str, int]]:
    """módulo → {módulo del paquete que importa: línea de la primera importación}."""
    grafo: dict[str, dict[str, int]] = {m: {} for m in mods}
    for m, ruta in mods.items():
        for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
            destinos = []
            if isinstance(nodo, ast.ImportFrom):
                origen = ".".join(_base(m, ruta, nodo.level) + ([nodo.module] if nodo.module else [])) \
                    if nodo.level else nodo.module
                for alias in nodo.names:
                    if f"{origen}.{alias.name}" in mods:
                        destinos.append(f"{origen}.{alias.name}")
                    elif origen in mods:
                        destinos.append(origen)
            elif isinstance(nodo, ast.Import):
                destinos = [a.name for a in nodo.names if a.name in mods]
            for d in destinos:
                if d != m:
                    grafo[m].setdefault(d, nodo.lineno)
    return grafo


def ciclos(raiz: Path = RAIZ) -> list[list[str]]:
    """Las componentes fuertemente conexas de más de un módulo (Tarjan, iterativo)."""
    grafo = importaciones(modulos(raiz))
    indice: dict[str, int] = {}
    bajo: dict[str, int] = {}
    pila: list[str] = []
    en_pila: set[str] = set()
    res: list[list[str]] = []
    for inicio in grafo:
        if inicio in indice:
            continue
        trabajo = [(inicio, iter(sorted(grafo[inicio])))]
        indice[inicio] = bajo[inicio] = len(indice)
        pila.append(inicio)
        en_pila.add(inicio)
        while trabajo:
            v, hijos = trabajo[-1]
            w = next(hijos, None)
            if w is not None:
                if w not in indice:
                    indice[w] = bajo[w] = len(indice)
                    pila.append(w)
                    en_pila.add(w)
                    trabajo.append((w, iter(sorted(grafo[w]))))
                elif w in en_pila:
                    bajo[v] = min(bajo[v], indice[w])
                continue
            trabajo.pop()
            if trabajo:
                bajo[trabajo[-1][0]] = min(bajo[trabajo[-1][0]], bajo[v])
            if bajo[v] == indice[v]:
                componente = []
                while True:
                    x = pila.pop()
                    en_pila.discard(x)
                    componente.append(x)
                    if x == v:
                        break
                if len(componente) > 1:
                    res.append(sorted(componente))
    return sorted(res)


@dataclass(frozen=True)
class Funcion:
    modulo: str
    nombre: str  # Clase.metodo o funcion
    linea: int
    lineas: int
    complejidad: int


def _complejidad(funcion: ast.AST) -> int:
    total = 1
    pendientes = list(ast.iter_child_nodes(funcion))
    while pendientes:
        n = pendientes.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue  # se mide aparte
        if isinstance(n, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.ExceptHandler,
                          ast.Assert, ast.match_case)):
            total += 1
        elif isinstance(n, ast.comprehension):
            total += 1 + len(n.ifs)
        elif isinstance(n, ast.BoolOp):
            total += len(n.values) - 1
        pendientes.extend(ast.iter_child_nodes(n))
    return total


def funciones(raiz: Path = RAIZ) -> list[Funcion]:
    res = []
    for m, ruta in modulos(raiz).items():
        def recorrer(nodo, prefijo=""):
            for hijo in ast.iter_child_nodes(nodo):
                if isinstance(hijo, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    res.append(Funcion(m, prefijo + hijo.name, hijo.lineno, hijo.end_lineno - hijo.lineno + 1,
                                       _complejidad(hijo)))
                    recorrer(hijo, f"{prefijo}{hijo.name}.")
                elif isinstance(hijo, ast.ClassDef):
                    recorrer(hijo, f"{prefijo}{hijo.name}.")
                else:
                    recorrer(hijo, prefijo)
        recorrer(ast.parse(ruta.read_text(encoding="utf-8")))
    return res


def _privado(nombre: str) -> bool:
    return nombre.startswith("_") and not nombre.startswith("__")


def nombres_ajenos(raiz: Path = RAIZ) -> list[tuple[str, str, int]]:
    """(módulo que usa, módulo.nombre usado, línea)."""
    mods = modulos(raiz)
    res = []
    for m, ruta in mods.items():
        arbol = ast.parse(ruta.read_text(encoding="utf-8"))
        alias_de_modulo: dict[str, str] = {}  # nombre local → módulo del paquete
        for nodo in ast.walk(arbol):
            if isinstance(nodo, ast.ImportFrom):
                origen = ".".join(_base(m, ruta, nodo.level) + ([nodo.module] if nodo.module else [])) \
                    if nodo.level else nodo.module
                for a in nodo.names:
                    if f"{origen}.{a.name}" in mods:
                        alias_de_modulo[a.asname or a.name] = f"{origen}.{a.name}"
                    elif origen in mods and _privado(a.name) and origen != m:
                        res.append((m, f"{origen}.{a.name}", nodo.lineno))
            elif isinstance(nodo, ast.Import):
                for a in nodo.names:
                    if a.name in mods and a.asname:
                        alias_de_modulo[a.asname] = a.name
        for nodo in ast.walk(arbol):
            if isinstance(nodo, ast.Attribute) and _privado(nodo.attr) and isinstance(nodo.value, ast.Name):
                destino = alias_de_modulo.get(nodo.value.id)
                if destino and destino != m:
                    res.append((m, f"{destino}.{nodo.attr}", nodo.lineno))
    return sorted(set(res))


if __name__ == "__main__":
    c = ciclos()
    print(f"ciclos de importación: {len(c)} ({sum(map(len, c))} módulos)")
    for x in c:
        print("  ", " ↔ ".join(x))
    fs = [f for f in funciones() if f.lineas > 60 or f.complejidad > 15]
    print(f"funciones de más de 60 líneas o complejidad mayor que 15: {len(fs)} de {len(funciones())}")
    for f in sorted(fs, key=lambda f: (f.modulo, f.linea)):
        print(f"   {f.modulo}:{f.linea} {f.nombre} ({f.lineas} líneas, complejidad {f.complejidad})")
    n = nombres_ajenos()
    print(f"nombres privados usados desde otro módulo: {len(n)}")
    for x in n:
        print("  ", x)
