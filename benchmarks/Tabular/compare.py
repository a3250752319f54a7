#!/usr/bin/python3
"""Backprop's Classifier/Regressor defaults against scikit-learn's MLPClassifier/MLPRegressor defaults.

Same data, same splits: for each data set and seed 0..4, sklearn's train_test_split(test_size=0.25,
random_state=seed, stratified for classification). scikit-learn is scored twice: its MLP with every setting at its
default on the raw features, and the same MLP after a StandardScaler (the usual pipeline; Backprop standardises
inside its model). Backprop's side runs in one .NET process (Program.cs `compare`), every option at its default,
Seed = the split's seed.

  apt-get install -y python3-sklearn   # Debian's scikit-learn (kept out of the unit tests)
  /usr/bin/python3 benchmarks/Tabular/compare.py
"""
import json, os, subprocess, sys, tempfile, time, warnings
import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_wine, load_iris, load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)
SEEDS = range(5)
DATASETS = [
    ("breast cancer (569 × 30, 2 classes)", "classification", load_breast_cancer),
    ("wine (178 × 13, 3 classes)", "classification", load_wine),
    ("iris (150 × 4, 3 classes)", "classification", load_iris),
    ("diabetes (442 × 10, regression)", "regression", load_diabetes),
]

# --backprop-only skips scikit-learn (to try settings); --batch N sets Backprop's MiniBatchSize (default: its own default).
backprop_only = "--backprop-only" in sys.argv
extra = ["--batch", sys.argv[sys.argv.index("--batch") + 1]] if "--batch" in sys.argv else []
manifest, sk_raw, sk_scaled = [], {}, {}
for name, task, load in DATASETS:
    data = load()
    X, y = data.data, data.target
    labels = [str(data.target_names[t]) for t in y] if task == "classification" else [float(t) for t in y]
    splits = []
    for seed in SEEDS:
        train, test = train_test_split(np.arange(len(y)), test_size=0.25, random_state=seed, stratify=y if task == "classification" else None)
        splits.append({"seed": seed, "train": train.tolist(), "test": test.tolist()})
        for scaled, results in (() if backprop_only else ((False, sk_raw), (True, sk_scaled))):
            model = MLPClassifier(random_state=seed) if task == "classification" else MLPRegressor(random_state=seed)
            if scaled:
                model = make_pipeline(StandardScaler(), model)
            model.fit(X[train], y[train])
            results.setdefault(name, []).append(model.score(X[test], y[test]))
    manifest.append({"name": name, "task": task, "rows": X.tolist(), "labels": labels, "splits": splits})

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "manifest.json")
    with open(path, "w") as f:
        json.dump(manifest, f)
    output = subprocess.run(["dotnet", "run", "-c", "Release", "--project", os.path.join(root, "benchmarks", "Tabular"), "--", "compare", path, *extra],
                            check=True, capture_output=True, text=True).stdout
backprop = json.loads(output.strip().splitlines()[-1])

def cell(values):
    if not values:
        return "—"
    return f"{np.mean(values):.3f} ± {np.std(values):.3f}"

print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; seeds {list(SEEDS)}; test 25 % (stratified for classification)")
print()
print("| data set | metric | Backprop defaults | scikit-learn MLP defaults | StandardScaler + MLP defaults |")
print("|---|---|---:|---:|---:|")
for name, task, _ in DATASETS:
    metric = "accuracy" if task == "classification" else "R²"
    print(f"| {name} | {metric} | {cell(backprop[name])} | {cell(sk_raw.get(name, []))} | {cell(sk_scaled.get(name, []))} |")
print()
for name, _, _ in DATASETS:
    print(f"{name}: Backprop {', '.join(f'{v:.3f}' for v in backprop[name])}; sklearn+scaler {', '.join(f'{v:.3f}' for v in sk_scaled.get(name, []))}")
